using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>
/// A diagnostic found while parsing, with its source location.
/// </summary>
/// <remarks>
/// It keeps the real <see cref="Location"/> (a <c>SourceLocation</c> in the compilation's syntax tree)
/// because only such a location is checked against <c>#pragma warning disable</c>,
/// <c>[SuppressMessage]</c> and per-file <c>.editorconfig</c> severities; a location rebuilt from a file
/// path and span is an "external file" location that none of them applies to (dotnet/roslyn#68291).
/// Diagnostics therefore travel only through the generators' diagnostics pipelines, never through
/// the models that emission caches: an edit that moves a diagnostic re-reports it, and regenerates
/// nothing.
/// </remarks>
internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Arguments, Location? Location)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        new(descriptor.Id, new EquatableArray<string>(arguments), location is { IsInSource: true } ? location : null);

    public Diagnostic ToDiagnostic(DiagnosticDescriptor descriptor)
    {
        var arguments = new object[Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return Diagnostic.Create(descriptor, Location ?? Location.None, arguments);
    }
}
