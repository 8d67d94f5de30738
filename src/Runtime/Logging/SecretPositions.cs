using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Instrumentation.Redaction;

namespace Instrumentation.Logging;

/// <summary>
/// Which holes of a hand-written line's template stand where the scrubber redacts a value (<c>"Cookie: {C}"</c>,
/// <c>"password={p}"</c>, <c>"Authorization: Bearer {t}"</c>): the message then reads <c>password=[REDACTED]</c>, but the
/// value itself went to the OpenTelemetry exporter's attributes in clear under its neutral name (a verifier's trial). The
/// generator decides this at compile time for <c>[LogMethod]</c> templates (INS0106); here it is decided once per template
/// at run time the same way: the template is formatted with a probe value in one hole and the scrubber's verdict on the
/// probe is the hole's. Literal templates (interned) are cached by reference, at most <see cref="MaxCached"/> of them; a
/// template built at run time is worked out again for each line and never kept.
/// </summary>
internal static class SecretPositions
{
    /// <summary>How many templates are remembered.</summary>
    public const int MaxCached = 4096;

    // A value the secret rules take whole wherever one is redacted, and that no rule redacts on its own (the generator's
    // PlaceholderContext uses the same one).
    private const string Probe = "Zq7Xv9Kp2Wm4Rt8Ny6Lb";

    private static readonly ConcurrentDictionary<string, Holes> Cache = new(ByReference.Instance);

    /// <summary>The holes of <paramref name="template"/> and which are secret by position; null when it has none that is.</summary>
    public static Holes? Of(string template, int expectedHoles)
    {
        if (expectedHoles == 0)
        {
            // A message without holes ($"…" passed as the template) writes no value of its own.
            return null;
        }

        if (!Cache.TryGetValue(template, out var holes))
        {
            holes = Find(template, expectedHoles);

            // Only a literal template (interned) is kept: a template built at run time may hold the very text a log
            // must not keep, and a new one per line would fill the cache.
            if (Cache.Count < MaxCached && ReferenceEquals(string.IsInterned(template), template))
            {
                Cache.TryAdd(template, holes);
            }
        }

        return holes.Names.Length == 0 ? null : holes;
    }

    private static Holes Find(string template, int expectedHoles)
    {
        // Once per literal template: its holes are read by Microsoft.Extensions.Logging's own formatter, then each is
        // tried with the probe (a few formats and scrubs).
        if (TemplateMessage.HoleNames(template, expectedHoles) is not { Length: > 0 } names)
        {
            return Holes.None;
        }

        var secret = new bool[names.Length];
        var any = false;
        for (var hole = 0; hole < names.Length; hole++)
        {
            var arguments = new object?[names.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = i == hole ? Probe : "v";
            }

            if (TemplateMessage.Format(template, arguments) is { } formatted
                && !TextScrubber.Scrub(formatted).Contains(Probe, StringComparison.Ordinal))
            {
                secret[hole] = true;
                any = true;
            }
        }

        return any ? new Holes(names, secret) : Holes.None;
    }

    /// <summary>A template's hole names, in order, and whether each is secret by position.</summary>
    internal sealed class Holes(string[] names, bool[] secret)
    {
        public static readonly Holes None = new(Array.Empty<string>(), Array.Empty<bool>());

        public string[] Names { get; } = names;

        public bool[] Secret { get; } = secret;
    }

    private sealed class ByReference : IEqualityComparer<string>
    {
        public static readonly ByReference Instance = new();

        public bool Equals(string? x, string? y) => ReferenceEquals(x, y);

        public int GetHashCode(string obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
