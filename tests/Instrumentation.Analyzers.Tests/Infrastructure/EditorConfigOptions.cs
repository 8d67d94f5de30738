using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.Analyzers.Tests.Infrastructure;

/// <summary>
/// An .editorconfig applied the way the compiler applies it: parsed by <see cref="AnalyzerConfig"/>, resolved per
/// source path by <see cref="AnalyzerConfigSet"/>, then exposed as the per-tree severities the compilation reads
/// (<see cref="SyntaxTreeOptionsProvider"/>) and the per-tree/global options analyzers read
/// (<see cref="AnalyzerConfigOptionsProvider"/>).
/// </summary>
internal sealed class EditorConfigOptions
{
    private EditorConfigOptions(SyntaxTreeOptionsProvider treeOptions, AnalyzerConfigOptionsProvider analyzerOptions)
    {
        TreeOptions = treeOptions;
        AnalyzerOptions = analyzerOptions;
    }

    public SyntaxTreeOptionsProvider TreeOptions { get; }

    public AnalyzerConfigOptionsProvider AnalyzerOptions { get; }

    /// <param name="compilation">The trees to resolve options for.</param>
    /// <param name="editorconfig">The text of <c>/src/.editorconfig</c> (root), or null for none.</param>
    /// <param name="globalOptions">Global analyzer options such as <c>build_property.X</c> (what MSBuild passes).</param>
    public static EditorConfigOptions Create(Compilation compilation, string? editorconfig, IReadOnlyDictionary<string, string>? globalOptions)
    {
        var configs = editorconfig is null
            ? ImmutableArray<AnalyzerConfig>.Empty
            : ImmutableArray.Create(AnalyzerConfig.Parse(SourceText.From("root = true\n" + editorconfig), "/src/.editorconfig"));
        var set = AnalyzerConfigSet.Create(configs);
        var perTree = compilation.SyntaxTrees.ToDictionary(t => t, t => set.GetOptionsForSourcePath(t.FilePath));
        var global = (globalOptions ?? new Dictionary<string, string>()).ToImmutableDictionary();
        return new EditorConfigOptions(new TreeProvider(perTree, set.GlobalConfigOptions), new OptionsProvider(perTree, global));
    }

    private sealed class TreeProvider : SyntaxTreeOptionsProvider
    {
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> _perTree;
        private readonly AnalyzerConfigOptionsResult _global;

        public TreeProvider(Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> perTree, AnalyzerConfigOptionsResult global)
        {
            _perTree = perTree;
            _global = global;
        }

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return _perTree.TryGetValue(tree, out var result) && result.TreeOptions.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            _global.TreeOptions.TryGetValue(diagnosticId, out severity);
    }

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> _perTree;

        public OptionsProvider(Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> perTree, ImmutableDictionary<string, string> global)
        {
            _perTree = perTree;
            GlobalOptions = new Options(global);
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) =>
            _perTree.TryGetValue(tree, out var result) ? new Options(result.AnalyzerOptions) : new Options(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(ImmutableDictionary<string, string>.Empty);

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;

            public Options(ImmutableDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}
