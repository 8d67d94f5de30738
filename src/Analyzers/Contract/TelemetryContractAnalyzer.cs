using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Instrumentation.Analyzers.Contract;

/// <summary>
/// The telemetry contract (INS0400–INS0412): in a project with a <c>Telemetry.Shipped.txt</c> additional file, every span,
/// metric, log event and funnel event the attributes declare is listed there or in <c>Telemetry.Unshipped.txt</c>, and a
/// shipped item is not removed, renamed, or changed in a way that breaks its readers. Nothing happens without the file.
/// The items are computed from the attributes' symbols with the generators' rules, so they are what the generated code
/// emits; generated trees are analysed too.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TelemetryContractAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ContractDiagnostics.All.Concat(new[] { AnalyzerDiagnostics.InternalAnalyzerError }).ToImmutableArray();

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterGuardedCompilationStartAction(nameof(TelemetryContractAnalyzer), start =>
        {
            if (TelemetryFile.ReadBoth(start.Options, start.CancellationToken) is not { } files)
            {
                return;
            }

            var symbols = KnownSymbols.Create(start.Compilation);
            var declarations = new ConcurrentBag<DeclaredItem>();
            var keys = TelemetryContractCheck.Keys(files.Shipped, files.Unshipped);
            start.RegisterSymbolAction(
                c =>
                {
                    foreach (var declared in TelemetryItemCollector.Collect((IMethodSymbol)c.Symbol, symbols, c.CancellationToken))
                    {
                        declarations.Add(declared);
                        if (!keys.Contains(declared.Item.Key))
                        {
                            // Local to the method (not at the compilation end), so the IDE offers the fix as the attribute is typed.
                            c.ReportDiagnostic(TelemetryContractCheck.NotDeclared(declared));
                        }
                    }
                },
                SymbolKind.Method);
            start.RegisterCompilationEndAction(end => TelemetryContractCheck.Report(files.Shipped, files.Unshipped, declarations, end.ReportDiagnostic));
        });
    }
}
