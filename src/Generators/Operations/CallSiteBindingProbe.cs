using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// A test-only hook that records every invocation the operation generator binds (asks the semantic model
/// about), so tests can assert how much work an edit costs without timing it. Set per async flow, so
/// parallel tests do not see each other's records; inert (one null check) otherwise.
/// </summary>
internal static class CallSiteBindingProbe
{
    private static readonly AsyncLocal<Recorder?> Current = new();

    /// <summary>Starts recording on this flow until the returned recorder is disposed.</summary>
    public static Recorder Start()
    {
        var recorder = new Recorder();
        Current.Value = recorder;
        return recorder;
    }

    /// <summary>Records that <paramref name="node"/> is being bound.</summary>
    public static void Bound(SyntaxNode node)
    {
        var recorder = Current.Value;
        if (recorder is not null)
        {
            var position = node.GetLocation().GetLineSpan();
            recorder.Add(position.Path + "(" + (position.StartLinePosition.Line + 1) + "," + (position.StartLinePosition.Character + 1) + "): " + node);
        }
    }

    /// <summary>The invocations bound while recording, one entry per distinct call (file, position and text).</summary>
    internal sealed class Recorder : IDisposable
    {
        private readonly HashSet<string> _bound = new(StringComparer.Ordinal);

        /// <summary>The distinct calls bound so far, sorted.</summary>
        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_bound)
                {
                    var calls = new List<string>(_bound);
                    calls.Sort(StringComparer.Ordinal);
                    return calls;
                }
            }
        }

        /// <summary>Forgets what was recorded so far (e.g. the cold run before the edit under test).</summary>
        public void Clear()
        {
            lock (_bound)
            {
                _bound.Clear();
            }
        }

        public void Dispose() => Current.Value = null;

        internal void Add(string call)
        {
            lock (_bound)
            {
                _bound.Add(call);
            }
        }
    }
}
