namespace Instrumentation.Diagnostics;

/// <summary>Categories of the SDK's diagnostics.</summary>
internal static class DiagnosticCategories
{
    public const string Usage = "Instrumentation.Usage";
    public const string Tenancy = "Instrumentation.Tenancy";
    public const string Cardinality = "Instrumentation.Cardinality";
    public const string Privacy = "Instrumentation.Privacy";
    public const string Naming = "Instrumentation.Naming";
    public const string Logging = "Instrumentation.Logging";
    public const string Funnel = "Instrumentation.Funnel";
    public const string Contract = "Instrumentation.Contract";
}
