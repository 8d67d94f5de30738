using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// A test-only hook that records the work an edit costs the generators without timing it: every invocation the
/// operation generator binds (asks the semantic model about) and every annotated declaration a generator parses.
/// Set per async flow, so parallel tests do not see each other's records; inert (one null check) otherwise.
/// </summary>
internal static class GeneratorWorkProbe
{
    private static readonly AsyncLocal<Recorder?> Current = new();

    /// <summary>Starts recording on this flow until the returned recorder is disposed.</summary>
    public static Recorder Start()
    {
        var recorder = new Recorder();
        Current.Value = recorder;
        return recorder;
    }

    /// <summary>Records that the invocation <paramref name="node"/> is being bound.</summary>
    public static void Bound(SyntaxNode node)
    {
        if (Current.Value is { } recorder)
        {
            recorder.Add(Describe(node), declaration: false);
            recorder.AddBindingThread(Thread.CurrentThread.ManagedThreadId);
        }
    }

    /// <summary>Records that the annotated declaration <paramref name="node"/> is being parsed.</summary>
    public static void Parsed(SyntaxNode node) => Current.Value?.Add(Describe(node), declaration: true);

    /// <summary>Records that the call target of <paramref name="definition"/> was read (<paramref name="kind"/>: source or referenced); repeats are kept.</summary>
    public static void TargetRead(string kind, IMethodSymbol definition)
    {
        if (Current.Value is { } recorder)
        {
            recorder.AddTarget(kind + ": " + definition.ToDisplayString());
        }
    }

    private static string Describe(SyntaxNode node)
    {
        var position = node.GetLocation().GetLineSpan();
        var text = node.ToString();
        var firstLine = text.IndexOf('\n');
        return position.Path + "(" + (position.StartLinePosition.Line + 1) + "," + (position.StartLinePosition.Character + 1) + "): "
            + (firstLine < 0 ? text : text.Substring(0, firstLine).TrimEnd());
    }

    /// <summary>The invocations bound while recording, one entry per distinct call (file, position and text).</summary>
    internal sealed class Recorder : IDisposable
    {
        private readonly HashSet<string> _bound = new(StringComparer.Ordinal);
        private readonly HashSet<string> _parsed = new(StringComparer.Ordinal);
        private readonly List<string> _targets = new();
        private readonly HashSet<int> _bindingThreads = new();
        private readonly ManualResetEventSlim _secondBindingThread = new();
        private int _waited;

        /// <summary>
        /// When set, the first thread to bind waits (once, up to ten seconds) until a second thread binds too, so that
        /// on a busy machine the calling thread cannot finish every tree before a helper is scheduled; binding that
        /// never uses a second thread then shows as one binding thread, as it should.
        /// </summary>
        public bool WaitForSecondBindingThread { get; set; }

        /// <summary>The distinct calls bound so far, sorted.</summary>
        public IReadOnlyList<string> Calls => Sorted(_bound);

        /// <summary>The distinct annotated declarations parsed so far (file, position, first line), sorted.</summary>
        public IReadOnlyList<string> Declarations => Sorted(_parsed);

        /// <summary>Every call target read so far (<see cref="CallTargetCache"/>), with repeats, sorted.</summary>
        public IReadOnlyList<string> Targets
        {
            get
            {
                lock (_bound)
                {
                    var sorted = new List<string>(_targets);
                    sorted.Sort(StringComparer.Ordinal);
                    return sorted;
                }
            }
        }

        /// <summary>How many distinct threads bound invocations so far (<see cref="CallSiteBinder"/> binds trees in parallel).</summary>
        public int BindingThreads
        {
            get
            {
                lock (_bound)
                {
                    return _bindingThreads.Count;
                }
            }
        }

        /// <summary>Forgets what was recorded so far (e.g. the cold run before the edit under test).</summary>
        public void Clear()
        {
            lock (_bound)
            {
                _bound.Clear();
                _parsed.Clear();
                _targets.Clear();
                _bindingThreads.Clear();
            }
        }

        public void Dispose()
        {
            Current.Value = null;
            _secondBindingThread.Dispose();
        }

        internal void Add(string item, bool declaration)
        {
            lock (_bound)
            {
                (declaration ? _parsed : _bound).Add(item);
            }
        }

        internal void AddBindingThread(int threadId)
        {
            int threads;
            lock (_bound)
            {
                _bindingThreads.Add(threadId);
                threads = _bindingThreads.Count;
            }

            if (threads > 1)
            {
                _secondBindingThread.Set();
            }
            else if (WaitForSecondBindingThread && Interlocked.Exchange(ref _waited, 1) == 0)
            {
                _secondBindingThread.Wait(TimeSpan.FromSeconds(10));
            }
        }

        internal void AddTarget(string item)
        {
            lock (_bound)
            {
                _targets.Add(item);
            }
        }

        private IReadOnlyList<string> Sorted(HashSet<string> items)
        {
            lock (_bound)
            {
                var sorted = new List<string>(items);
                sorted.Sort(StringComparer.Ordinal);
                return sorted;
            }
        }
    }
}
