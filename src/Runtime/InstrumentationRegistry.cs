using System;
using System.Collections.Generic;

namespace Instrumentation;

/// <summary>
/// Names of every <c>ActivitySource</c> and <c>Meter</c> created by generated code. Generated code
/// registers its names from a module initializer; the OpenTelemetry registration reads them.
/// </summary>
public static class InstrumentationRegistry
{
    private static readonly object Gate = new();
    private static readonly List<string> Names = new();

    /// <summary>Raised after a name is registered for the first time.</summary>
    public static event Action<string>? Registered;

    /// <summary>The registered source and meter names, in registration order.</summary>
    public static IReadOnlyList<string> SourceNames
    {
        get
        {
            lock (Gate)
            {
                return Names.ToArray();
            }
        }
    }

    /// <summary>Registers a source/meter name. Called by generated module initializers; idempotent.</summary>
    /// <param name="name">The name shared by the generated <c>ActivitySource</c> and <c>Meter</c>.</param>
    public static void Register(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        Logging.CurrentActivityWatch.Start();
        lock (Gate)
        {
            if (Names.Contains(name))
            {
                return;
            }

            Names.Add(name);
        }

        Registered?.Invoke(name);
    }
}
