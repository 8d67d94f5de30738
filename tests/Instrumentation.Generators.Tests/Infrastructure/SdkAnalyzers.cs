using System.Collections.Immutable;
using Instrumentation.Analyzers;
using Instrumentation.Analyzers.Contract;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Instrumentation.Generators.Tests.Infrastructure;

/// <summary>Every analyzer the package ships, new instances each time (as a build loads them).</summary>
public static class SdkAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> All() => ImmutableArray.Create<DiagnosticAnalyzer>(
        new MetricLabelAnalyzer(), new HandWrittenTagAnalyzer(), new PersonalDataAnalyzer(), new NamingAnalyzer(),
        new UninstrumentableCallAnalyzer(), new GeneratedCallAnalyzer(), new TelemetryContractAnalyzer(), new ParameterRoleAnalyzer());
}
