using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>
/// A diagnostic captured as plain data (no <see cref="Location"/> held by reference to a syntax tree),
/// so it can travel through cached pipeline models and be reported at emit time.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    EquatableArray<string> Arguments,
    LocationInfo Where)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
    {
        return new DiagnosticInfo(descriptor.Id, new EquatableArray<string>(arguments), LocationInfo.From(location));
    }

    public Diagnostic ToDiagnostic(DiagnosticDescriptor descriptor)
    {
        var location = Where.ToLocation();
        var arguments = new object[Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return Diagnostic.Create(descriptor, location, arguments);
    }
}
