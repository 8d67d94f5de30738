using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators.Common;

/// <summary>
/// File-local stand-ins for the framework attributes the generated code names, written into a generated file only when
/// the compilation cannot name the framework's own: a referenced assembly that grants the project
/// <c>InternalsVisibleTo</c> carries an internal polyfill of the same full name (a netstandard2.0 library with
/// <c>ModuleInitializerAttribute</c> or <c>NotNullWhenAttribute</c> of its own, as PolySharp writes them), and every
/// <c>global::</c> name of it in the generated code was CS0433 — a build the SDK broke (a stranger's trial). A file-local
/// type of the same name is the one its file binds to; the compiler recognizes these attributes by name, so the module
/// initializer, the pooled async builder and the nullability promises keep working. Two exceptions, said in
/// docs/generator-guarantees.md: the runtime hides stack frames only for its own <c>StackTraceHiddenAttribute</c>, and the
/// trimmer reads only its own <c>DynamicallyAccessedMembersAttribute</c>.
/// </summary>
internal static class FrameworkTypeFallbacks
{
    private const string Usage = "[global::System.AttributeUsage(global::System.AttributeTargets.All, AllowMultiple = true)]";

    private static readonly Fallback[] All =
    {
        Attribute("System.Runtime.CompilerServices", "ModuleInitializerAttribute"),
        Attribute("System.Runtime.CompilerServices", "AsyncMethodBuilderAttribute", "global::System.Type builderType"),
        Attribute("System.Diagnostics", "StackTraceHiddenAttribute"),
        Attribute("System.Runtime.Versioning", "RequiresPreviewFeaturesAttribute", "string? message = null"),
        Attribute("System.Diagnostics.CodeAnalysis", "AllowNullAttribute"),
        Attribute("System.Diagnostics.CodeAnalysis", "DisallowNullAttribute"),
        Attribute("System.Diagnostics.CodeAnalysis", "MaybeNullAttribute"),
        Attribute("System.Diagnostics.CodeAnalysis", "NotNullAttribute"),
        Attribute("System.Diagnostics.CodeAnalysis", "DoesNotReturnAttribute"),
        Attribute("System.Diagnostics.CodeAnalysis", "UnscopedRefAttribute"),
        Attribute("System.Diagnostics.CodeAnalysis", "MaybeNullWhenAttribute", "bool returnValue"),
        Attribute("System.Diagnostics.CodeAnalysis", "NotNullWhenAttribute", "bool returnValue"),
        Attribute("System.Diagnostics.CodeAnalysis", "DoesNotReturnIfAttribute", "bool parameterValue"),
        Attribute("System.Diagnostics.CodeAnalysis", "NotNullIfNotNullAttribute", "string parameterName"),
        Attribute("System.Diagnostics.CodeAnalysis", "RequiresUnreferencedCodeAttribute", "string message", url: true),
        Attribute("System.Diagnostics.CodeAnalysis", "RequiresDynamicCodeAttribute", "string message", url: true),
        Attribute("System.Diagnostics.CodeAnalysis", "RequiresAssemblyFilesAttribute", "string? message = null", url: true),

        // The attribute's argument is written as a cast of a number to the enum (TrimAnnotations): both or neither.
        new Fallback(
            "System.Diagnostics.CodeAnalysis",
            new[] { "DynamicallyAccessedMembersAttribute", "DynamicallyAccessedMemberTypes" },
            new[]
            {
                Usage,
                "file sealed class DynamicallyAccessedMembersAttribute : global::System.Attribute",
                "{",
                "    public DynamicallyAccessedMembersAttribute(DynamicallyAccessedMemberTypes memberTypes) { }",
                "}",
                "",
                "file enum DynamicallyAccessedMemberTypes",
                "{",
                "}",
            }),
    };

    /// <summary>
    /// The names (namespace-qualified, of the first type of each fallback) this compilation needs stand-ins for: those of
    /// which the references hold no single accessible type. Empty below C# 11 (no file-local types; the build reports
    /// CS0433 as it did) and almost always.
    /// </summary>
    public static IncrementalValueProvider<EquatableArray<string>> Needed(IncrementalGeneratorInitializationContext context) =>
        context.CompilationProvider
            .WithComparer(Operations.SameReferences.Instance)
            .Select(static (compilation, _) => NeededIn(compilation))
            .Combine(context.ParseOptionsProvider.Select(static (options, _) =>
                options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp11 }))
            .Select(static (all, _) => all.Right ? all.Left : EquatableArray<string>.Empty);

    public static EquatableArray<string> NeededIn(Compilation compilation)
    {
        var needed = new List<string>();
        foreach (var fallback in All)
        {
            if (fallback.TypeNames.Any(name => !ExactlyOneInReferences(compilation, fallback.Namespace + "." + name)))
            {
                needed.Add(fallback.Key);
            }
        }

        return needed.ToEquatableArray();
    }

    /// <summary>Writes the stand-ins of <paramref name="needed"/>, one namespace block each (nothing when empty).</summary>
    public static void Write(SourceWriter w, EquatableArray<string> needed)
    {
        if (needed.IsEmpty)
        {
            return;
        }

        var keys = new HashSet<string>(needed, System.StringComparer.Ordinal);
        w.Line("// Stand-ins for framework attributes this project cannot name: a referenced assembly that grants it InternalsVisibleTo");
        w.Line("// declares them too (CS0433). The compiler recognizes them by name.");
        foreach (var group in All.Where(f => keys.Contains(f.Key)).GroupBy(f => f.Namespace))
        {
            w.Open("namespace " + group.Key);
            var first = true;
            foreach (var fallback in group)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                foreach (var line in fallback.Lines)
                {
                    w.Line(line);
                }
            }

            w.Close();
            w.Line();
        }
    }

    /// <summary>
    /// Whether the project's references hold exactly one type of this full name it can use. The project's own type of that
    /// name is left out: the compiler binds to it (CS0436, which the generated files suppress).
    /// </summary>
    private static bool ExactlyOneInReferences(Compilation compilation, string metadataName)
    {
        var count = 0;
        foreach (var type in compilation.GetTypesByMetadataName(metadataName))
        {
            if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)
                && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
            {
                count++;
            }
        }

        return count == 1;
    }

    private static Fallback Attribute(string ns, string name, string parameters = "", bool url = false)
    {
        var lines = new List<string>
        {
            Usage,
            "file sealed class " + name + " : global::System.Attribute",
            "{",
        };
        if (parameters.Length > 0)
        {
            lines.Add("    public " + name + "(" + parameters + ") { }");
        }

        if (url)
        {
            lines.Add("    public string? Url { get; set; }");
        }

        lines.Add("}");
        return new Fallback(ns, new[] { name }, lines.ToArray());
    }

    private sealed class Fallback
    {
        public Fallback(string ns, string[] typeNames, string[] lines)
        {
            Namespace = ns;
            TypeNames = typeNames;
            Lines = lines;
        }

        public string Namespace { get; }

        public string[] TypeNames { get; }

        public string[] Lines { get; }

        public string Key => Namespace + "." + TypeNames[0];
    }
}
