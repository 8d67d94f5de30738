using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>Descriptors for calls of operations declared in a referenced assembly (INS0030–INS0039).</summary>
internal static class ReferencedOperationDiagnostics
{
    public static readonly DiagnosticDescriptor NotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.ReferencedOperationNotInstrumented,
        "Call of an operation of a referenced assembly is not instrumented",
        "This call of '{0}' (declared in '{1}') is not instrumented: {2}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor Inaccessible = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.ReferencedOperationInaccessible,
        "Operation of a referenced assembly is not accessible to generated code",
        "This call of '{0}' (declared in '{1}') is not instrumented: {2} is not accessible from this assembly's generated code",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static DiagnosticDescriptor Find(string id) => id switch
    {
        DiagnosticIds.ReferencedOperationInaccessible => Inaccessible,
        DiagnosticIds.InternalGeneratorError => Common.InternalDiagnostics.InternalError,
        _ => NotInstrumented,
    };
}
