using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>The one descriptor every generator uses for its own failures (INS0999).</summary>
internal static class InternalDiagnostics
{
    public static readonly DiagnosticDescriptor InternalError = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InternalGeneratorError,
        "Internal error in an instrumentation generator",
        "The instrumentation generator failed on {0} ({1}: {2}), so it is not instrumented; everything else is. This is a bug: please report it with this message and the declaration.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning,
        "A generator threw while handling one declaration or call site. Only that one is left uninstrumented; the failure is reported here instead of disabling the generator for the whole project (CS8785).");
}
