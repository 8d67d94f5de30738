using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Instrumentation.Analyzers.Tests.Infrastructure;
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

    /// <summary>
    /// The help link a user clicks (a <c>file:</c> URI, see DiagnosticDescriptorFactory) opens this repository's page of
    /// that very id, for every descriptor of both assemblies and every descriptor an analyzer says it reports.
    /// </summary>
    [Fact]
    public void Every_help_link_resolves_to_the_page_of_its_own_id()
    {
        var descriptors = AllDescriptors().Concat(SupportedByAnalyzers()).ToList();

        Assert.Contains(descriptors, d => d.Id == "INS0999");
        Assert.Contains(descriptors, d => d.Id == "INS0036");
        Assert.Contains(descriptors, d => d.Id == "INS1001");
        foreach (var descriptor in descriptors)
        {
            Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var link), descriptor.Id + ": " + descriptor.HelpLinkUri);
            Assert.True(link!.IsFile, descriptor.Id + ": " + descriptor.HelpLinkUri);
            Assert.Equal(Path.GetFullPath(Page(descriptor.Id)), Path.GetFullPath(link.LocalPath));
            Assert.StartsWith("# " + descriptor.Id + ":", File.ReadAllText(link.LocalPath), StringComparison.Ordinal);
        }
    }

    /// <summary>Each descriptor's page has an example with code in its example section and text in its fix section.</summary>
    [Fact]
    public void Every_descriptor_page_has_an_example_with_code_and_a_fix()
    {
        var problems = new List<string>();
        foreach (var id in AllDescriptors().Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal))
        {
            var text = File.ReadAllText(Page(id));
            var example = Section(text, "Example");
            var fix = Section(text, "How to fix");
            if (example is null || !example.Contains("```", StringComparison.Ordinal))
            {
                problems.Add(id + ": no example with a code block");
            }

            if (fix is null || fix.Trim().Length < 20)
            {
                problems.Add(id + ": no fix section");
            }
        }

        Assert.Empty(problems);
    }

    /// <summary>The text of the "## " section whose heading starts with <paramref name="heading"/>, up to the next one.</summary>
    private static string? Section(string text, string heading)
    {
        var match = Regex.Match(text, "^## " + Regex.Escape(heading) + @"[^\n]*\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.IgnoreCase);
        return match.Success ? match.Groups["body"].Value : null;
    }

    private static IEnumerable<DiagnosticDescriptor> SupportedByAnalyzers() =>
        AnalyzerHarness.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics);

    [Fact]
    public void Every_page_has_what_why_example_fix_and_suppress_sections()
    {
        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "diagnostics"), "INS*.md")
            .Where(p => !Path.GetFileName(p).StartsWith(BuildErrorPrefix, StringComparison.Ordinal))
            .ToArray();
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

    /// <summary>The prefix of the errors the package's MSBuild targets raise (not compiler diagnostics).</summary>
    private const string BuildErrorPrefix = "INSB";

    [Fact]
    public void Every_build_error_of_the_package_targets_has_a_page_and_a_help_link_to_it()
    {
        var build = Path.Combine(RepositoryRoot(), "src", "Runtime", "build");
        var errors = Directory.GetFiles(build, "*.targets")
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"<(?:Error|Warning)\s+Code=""(?<id>INSB\d{4})""(?<rest>[^>]*)>").Select(m => (Id: m.Groups["id"].Value, Attributes: m.Groups["rest"].Value)))
            .ToList();
        Assert.Equal(new[] { "INSB0001", "INSB0002", "INSB0003", "INSB0004", "INSB0005", "INSB0006" }, errors.Select(e => e.Id).Distinct().Order().ToArray());

        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "diagnostics"), BuildErrorPrefix + "*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.Equal(errors.Select(e => e.Id).Distinct().Order(), pages.Order());
        foreach (var (id, attributes) in errors)
        {
            // The page ships in the package (docs/diagnostics/, one folder above build/ and buildTransitive/).
            Assert.Contains("HelpLink=\"$([System.Uri]::new('$([System.IO.Path]::GetFullPath('$(MSBuildThisFileDirectory)../docs/diagnostics/" + id + ".md'))').AbsoluteUri)\"", attributes, StringComparison.Ordinal);
            var text = File.ReadAllText(Page(id));
            Assert.StartsWith("# " + id + ":", text, StringComparison.Ordinal);
            var headings = Regex.Matches(text, "^## (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToList();
            Assert.All(Sections, section => Assert.Contains(headings, h => section.Headings.Any(a => h.StartsWith(a, StringComparison.OrdinalIgnoreCase))));
        }
    }

    private static List<string> CataloguedIds() =>
        typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(DiagnosticIds.Prefix))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    /// <summary>The analyzers' catalog plus every static descriptor the analyzer and generator assemblies declare.</summary>
    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        AnalyzerDiagnostics.All
            .Concat(DeclaredIn(typeof(AnalyzerDiagnostics).Assembly))
            .Concat(DeclaredIn(typeof(Instrumentation.Generators.Operations.OperationGenerator).Assembly))
            .GroupBy(d => d.Id)
            .Select(g => g.First());

    private static IEnumerable<DiagnosticDescriptor> DeclaredIn(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => !t.ContainsGenericParameters)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor?)f.GetValue(null))
            .Where(d => d is not null)
            .Select(d => d!);

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
