using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// Every diagnostic id (analyzers and generators) is in the one catalog, has a descriptor with the help link of its
/// page, and its page under docs/diagnostics has the sections a user needs: what, why, example, fix, suppress.
/// </summary>
public sealed class DiagnosticPagesTests
{
    /// <summary>The sections, as headings a page must contain (case-insensitive prefix of a "## " heading).</summary>
    private static readonly (string Section, string[] Headings)[] Sections =
    {
        ("what", new[] { "What it means" }),
        ("why", new[] { "Why it matters", "Why" }),
        ("example", new[] { "Example" }),
        ("fix", new[] { "How to fix" }),
        ("suppress", new[] { "Configure or suppress", "How to suppress" }),
    };

    [Fact]
    public void Every_catalogued_id_has_the_prefix_a_descriptor_with_its_help_link_and_a_page()
    {
        var ids = CataloguedIds();
        var descriptors = AllDescriptors().ToDictionary(d => d.Id);

        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            Assert.StartsWith(DiagnosticIds.Prefix, id);
            Assert.True(descriptors.TryGetValue(id, out var descriptor), id + " has no descriptor");
            Assert.Equal(DiagnosticDescriptorFactory.HelpLink(id), descriptor!.HelpLinkUri);
            Assert.EndsWith("/docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri);
            Assert.True(descriptor.IsEnabledByDefault, id);
            Assert.True(File.Exists(Page(id)), id + " has no page");
        }

        Assert.Empty(descriptors.Keys.Except(ids));
    }

    [Fact]
    public void Every_page_has_what_why_example_fix_and_suppress_sections()
    {
        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "diagnostics"), "INS*.md");
        Assert.Equal(CataloguedIds().OrderBy(i => i), pages.Select(Path.GetFileNameWithoutExtension).OrderBy(i => i));

        var missing = new List<string>();
        foreach (var page in pages)
        {
            var id = Path.GetFileNameWithoutExtension(page);
            var text = File.ReadAllText(page);
            Assert.StartsWith("# " + id + ":", text);
            var headings = Regex.Matches(text, "^## (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToList();
            foreach (var (section, accepted) in Sections)
            {
                if (!headings.Any(h => accepted.Any(a => h.StartsWith(a, StringComparison.OrdinalIgnoreCase))))
                {
                    missing.Add(id + ":" + section);
                }
            }

            Assert.Contains("dotnet_diagnostic." + id + ".severity", text);
            Assert.Contains("```csharp", text);
        }

        Assert.Empty(missing);
    }

    private static List<string> CataloguedIds() =>
        typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(DiagnosticIds.Prefix))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    /// <summary>The analyzers' catalog plus every static descriptor the generator assembly declares.</summary>
    private static IEnumerable<DiagnosticDescriptor> AllDescriptors()
    {
        var generatorDescriptors = typeof(Instrumentation.Generators.Operations.OperationGenerator).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
        return AnalyzerDiagnostics.All.Concat(generatorDescriptors).GroupBy(d => d.Id).Select(g => g.First());
    }

    private static string Page(string id) => Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md");

    private static string RepositoryRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory!, "Instrumentation.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory!;
    }
}
