using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.RealWorld;

/// <summary>
/// Usage: Annotator &lt;project folder&gt; [--define A;B] [--exclude sub/folder]... [--include-abstract true] [--include-interface true] [--tag-parameters true]
/// Rewrites every .cs file below the folder (bin/ and obj/ left out) in place: each method the generator can
/// instrument gets <c>[global::Instrumentation.Operation("namespace.type.method")]</c> as its first attribute; with
/// --tag-parameters its readable parameters also become span attributes and its bool parameters metric labels
/// (<see cref="ParameterTags"/>).
/// Prints key=value lines: files, annotated, and one skipped.&lt;reason&gt; line per reason.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: Annotator <project folder> [--define A;B] [--exclude relative/folder]...");
            return 2;
        }

        var root = Path.GetFullPath(args[0]);
        var defines = new List<string>();
        var excludes = new List<string> { "bin", "obj" };
        var includeAbstract = false;
        var includeInterface = false;
        var tagParameters = false;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--define":
                    defines.AddRange(args[i + 1].Split(';', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "--include-abstract":
                    includeAbstract = args[i + 1] == "true";
                    break;
                case "--include-interface":
                    includeInterface = args[i + 1] == "true";
                    break;
                case "--tag-parameters":
                    tagParameters = args[i + 1] == "true";
                    break;
                case "--exclude":
                    excludes.Add(args[i + 1].Trim('/'));
                    break;
                default:
                    Console.Error.WriteLine("unknown option " + args[i]);
                    return 2;
            }
        }

        var options = CSharpParseOptions.Default
            .WithLanguageVersion(LanguageVersion.Preview)
            .WithPreprocessorSymbols(defines);
        var tally = new Tally();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (excludes.Any(e => relative.StartsWith(e + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            tally.Files++;
            var original = File.ReadAllText(file);
            var rewritten = Annotate(original, options, tally, includeAbstract, includeInterface, tagParameters);
            if (!ReferenceEquals(rewritten, original))
            {
                // Keep the file's own encoding preamble (UTF-8 with BOM is common in these repositories).
                var bom = File.ReadAllBytes(file).AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF });
                File.WriteAllText(file, rewritten, new UTF8Encoding(bom));
            }
        }

        Console.WriteLine("files=" + tally.Files);
        Console.WriteLine("annotated=" + tally.Annotated);
        if (tagParameters)
        {
            Console.WriteLine("tagged_parameters=" + tally.Tagged);
            Console.WriteLine("labelled_parameters=" + tally.Labelled);
        }

        foreach (var (reason, count) in tally.Skipped.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine("skipped." + reason + "=" + count);
        }

        return 0;
    }

    /// <summary>Returns the same string instance when nothing was annotated.</summary>
    internal static string Annotate(string source, CSharpParseOptions options, Tally tally, bool includeAbstract, bool includeInterface = false, bool tagParameters = false)
    {
        var tree = CSharpSyntaxTree.ParseText(source, options);
        var changes = new List<TextChange>();
        foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var reason = Eligibility.WhyNot(method, includeAbstract, includeInterface);
            if (reason is not null)
            {
                tally.Skip(reason);
                continue;
            }

            var anchor = method.Modifiers.Count > 0 ? method.Modifiers[0] : method.ReturnType.GetFirstToken();
            var spanName = SpanNames.For(method) + (tagParameters ? ParameterTags.SpanNameSuffix(method) : string.Empty);
            var attribute = "[global::Instrumentation.Operation(\"" + spanName + "\")] ";
            changes.Add(new TextChange(new TextSpan(anchor.SpanStart, 0), attribute));
            tally.Annotated++;
            if (tagParameters)
            {
                changes.AddRange(ParameterTags.For(method, tally).Select(c => new TextChange(new TextSpan(c.Position, 0), c.Text)));
            }
        }

        return changes.Count == 0 ? source : SourceText.From(source).WithChanges(changes.OrderBy(c => c.Span.Start)).ToString();
    }
}

/// <summary>Counts of one run.</summary>
internal sealed class Tally
{
    public int Files { get; set; }

    public int Annotated { get; set; }

    public int Tagged { get; set; }

    public int Labelled { get; set; }

    public SortedDictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);

    public void Skip(string reason) => Skipped[reason] = Skipped.TryGetValue(reason, out var n) ? n + 1 : 1;
}
