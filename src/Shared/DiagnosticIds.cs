namespace Instrumentation.Diagnostics;

/// <summary>
/// The one catalog of diagnostic ids. Every id has the prefix <c>INS</c> and a page at
/// <c>docs/diagnostics/&lt;ID&gt;.md</c>. Ranges:
/// <list type="bullet">
/// <item>INS0001–INS0099: operation generator (spans, metrics, interception) — DiagnosticIds.Operations.cs</item>
/// <item>INS0100–INS0199: log-method generator and redaction — DiagnosticIds.Logging.cs</item>
/// <item>INS0200–INS0299: funnel-event generator — DiagnosticIds.Funnel.cs</item>
/// <item>INS0400–INS0419: telemetry contract (shipped/unshipped telemetry files) — DiagnosticIds.Contract.cs</item>
/// <item>INS0036 (analyzers) and INS0999 (generators): internal errors, reported instead of an exception — DiagnosticIds.Internal.cs</item>
/// <item>INS1000–INS1099: analyzers (tenant, cardinality, personal data, naming, calls) — DiagnosticIds.Analyzers.cs</item>
/// </list>
/// </summary>
internal static partial class DiagnosticIds
{
    /// <summary>The prefix of every id.</summary>
    public const string Prefix = "INS";
}
