using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Package.Tests;

/// <summary>
/// The README's diagnostics table lists exactly the descriptors the analyzers and generators declare, with their
/// titles and default severities, and every row links to a page that exists.
/// </summary>
public sealed class ReadmeDiagnosticsTableTests
{
    private static readonly Regex Row = new(
        @"^\| \[(?<id>INS\d{4})\]\(docs/diagnostics/(?<page>INS\d{4})\.md\) \| (?<title>.+?) \| (?<severity>error|warning|info|hidden) \| (?<by>[^|]+) \|$",
        RegexOptions.Multiline);

    [Fact]
    public void Readme_table_matches_the_descriptors_ids_titles_and_severities()
    {
        var readme = File.ReadAllText(Path.Combine(PackageTestSupport.RepositoryRoot(), "README.md"));
        var rows = Row.Matches(readme).ToDictionary(m => m.Groups["id"].Value, m => m);
        var descriptors = AllDescriptors().OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var expected = string.Join("\n", descriptors.Select(d => "| [" + d.Id + "](docs/diagnostics/" + d.Id + ".md) | " + d.Title + " | " + Severity(d) + " | "
            + (rows.TryGetValue(d.Id, out var row) ? row.Groups["by"].Value.Trim() : "?") + " |"));

        Assert.True(descriptors.Count > 20, "descriptors were found");
        var mismatches = new List<string>();
        foreach (var descriptor in descriptors)
        {
            if (!rows.TryGetValue(descriptor.Id, out var row))
            {
                mismatches.Add(descriptor.Id + ": no row");
                continue;
            }

            if (row.Groups["page"].Value != descriptor.Id)
            {
                mismatches.Add(descriptor.Id + ": links to " + row.Groups["page"].Value);
            }

            if (row.Groups["title"].Value != descriptor.Title.ToString())
            {
                mismatches.Add(descriptor.Id + ": title '" + row.Groups["title"].Value + "' is '" + descriptor.Title + "'");
            }

            if (row.Groups["severity"].Value != Severity(descriptor))
            {
                mismatches.Add(descriptor.Id + ": severity " + row.Groups["severity"].Value + " is " + Severity(descriptor));
            }
        }

        mismatches.AddRange(rows.Keys.Except(descriptors.Select(d => d.Id)).Select(id => id + ": row without a descriptor"));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches) + "\n\nThe table should read:\n" + expected);
    }

    [Fact]
    public void Every_help_link_is_a_file_uri_of_a_page_that_exists()
    {
        foreach (var descriptor in AllDescriptors())
        {
            var link = new Uri(descriptor.HelpLinkUri);
            Assert.True(link.IsFile, descriptor.Id + ": " + descriptor.HelpLinkUri);
            Assert.True(File.Exists(link.LocalPath), descriptor.Id + ": " + link.LocalPath + " does not exist");
            Assert.StartsWith("# " + descriptor.Id + ":", File.ReadAllText(link.LocalPath), StringComparison.Ordinal);
        }
    }

    internal static string Severity(DiagnosticDescriptor descriptor) => descriptor.DefaultSeverity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };

    /// <summary>Every static descriptor the analyzer and generator assemblies declare.</summary>
    internal static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        DescriptorsOf(typeof(Instrumentation.Generators.Operations.OperationGenerator).Assembly)
            .Concat(DescriptorsOf(Assembly.Load("Instrumentation.Analyzers")))
            .GroupBy(d => d.Id)
            .Select(g => g.First());

    internal static IEnumerable<DiagnosticDescriptor> DescriptorsOf(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => !t.ContainsGenericParameters)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor?)f.GetValue(null))
            .Where(d => d is not null)
            .Select(d => d!);
}
