using BenchmarkDotNet.Attributes;
using Instrumentation.Redaction;

namespace Instrumentation.Benchmarks.Logging;

/// <summary>
/// The free-text scrubber on what unclassified log arguments usually hold: a short id, a clean sentence with
/// numbers and a time, and a sentence with an e-mail address (the only one that runs a pattern). Clean text: 0 B.
/// </summary>
[MemoryDiagnoser]
public class ScrubBenchmarks
{
    private const string Sentence = "device dev-17 sent 3 readings at 12:30, battery 87 percent, firmware 2.4.1";

    [Benchmark(Baseline = true)]
    public string ShortId() => TextScrubber.Scrub("dev-1");

    [Benchmark]
    public string CleanSentence() => TextScrubber.Scrub(Sentence);

    [Benchmark]
    public string SentenceWithEmail() => TextScrubber.Scrub("contact ada.lovelace@example.com about " + nameof(ScrubBenchmarks));
}
