using System.Collections.Concurrent;
using System.Collections.Immutable;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1002: high-cardinality tags on hand-written <c>System.Diagnostics.Metrics</c> measurements —
/// <c>Counter&lt;T&gt;.Add</c>, <c>Histogram&lt;T&gt;.Record</c>, <c>UpDownCounter&lt;T&gt;.Add</c>,
/// <c>Gauge&lt;T&gt;.Record</c> with <c>KeyValuePair</c> tags (inline, <c>KeyValuePair.Create</c>, params,
/// arrays, spans, collection expressions, and locals holding them), <c>TagList</c> (initializer, constructor,
/// <c>Add</c>) and <c>Measurement&lt;T&gt;</c> tags. Judged by key (see <see cref="CardinalityRules"/>) and by
/// value (see <see cref="TagValues"/>). A tag reached through a local is reported once, where it is created.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandWrittenTagAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(AnalyzerDiagnostics.HighCardinalityTag, AnalyzerDiagnostics.InternalAnalyzerError);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterGuardedCompilationStartAction(nameof(HandWrittenTagAnalyzer), start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            if (symbols.KeyValuePair is null)
            {
                return;
            }

            // A local array of tags used by two recordings is one tag: report it once.
            var reported = new ConcurrentDictionary<(SyntaxTree, TextSpan), byte>();
            start.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (MetricTags.IsRecording(invocation.TargetMethod, symbols) || MetricTags.IsTagListAdd(invocation.TargetMethod, symbols))
                    {
                        var tags = new TagSet();
                        MetricTags.OfInvocation(invocation, symbols, tags, followTagLists: false, c.CancellationToken);
                        Report(c, symbols, tags, reported);
                    }
                },
                OperationKind.Invocation);
            start.RegisterOperationAction(
                c =>
                {
                    var tags = new TagSet();
                    MetricTags.OfCreation((IObjectCreationOperation)c.Operation, symbols, tags, followTagLists: false, c.CancellationToken);
                    Report(c, symbols, tags, reported);
                },
                OperationKind.ObjectCreation);
        });
    }

    private static void Report(OperationAnalysisContext context, KnownSymbols symbols, TagSet tags, ConcurrentDictionary<(SyntaxTree, TextSpan), byte> reported)
    {
        foreach (var tag in tags.Tags)
        {
            var key = tag.ConstantKey;
            if (key is null || CardinalityRules.IsSemanticConventionMetricAttribute(key))
            {
                continue;
            }

            var problem = CardinalityRules.KeyProblem(key) ?? TagValues.Problem(tag.Value, CardinalityRules.Classify(key), symbols, context.CancellationToken);
            if (problem is not null && reported.TryAdd((tag.Site.SyntaxTree, tag.Site.Span), 0))
            {
                context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.HighCardinalityTag, tag.Site.GetLocation(), key, problem));
            }
        }
    }
}
