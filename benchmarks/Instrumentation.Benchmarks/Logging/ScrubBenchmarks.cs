using BenchmarkDotNet.Attributes;
using Instrumentation.Redaction;

namespace Instrumentation.Benchmarks.Logging;

/// <summary>
/// The free-text scrubber on what unclassified log arguments usually hold: a short id, an id with digits, a GUID, a
/// clean sentence with numbers and a time, and a sentence with an e-mail address (the only one that runs a pattern).
/// <see cref="PreScan"/> is the check that decides which patterns can match, <see cref="PreviousPreScan"/> the same
/// check as it was before issue 18 §4's second change (its peer in the same run), <see cref="Scrub"/> the whole
/// scrubber. Clean text: 0 B.
/// </summary>
[MemoryDiagnoser]
public class ScrubBenchmarks
{
    /// <summary>The texts, named by what they stand for (BenchmarkDotNet shows the parameter).</summary>
    [Params("ShortId", "IdWithDigits", "Guid", "CleanSentence", "SentenceWithEmail")]
    public string Text { get; set; } = "";

    private string _text = "";

    [GlobalSetup]
    public void Setup() => _text = Text switch
    {
        "ShortId" => "dev-1",
        "IdWithDigits" => "sensor-0042",
        "Guid" => "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "CleanSentence" => "device dev-17 sent 3 readings at 12:30, battery 87 percent, firmware 2.4.1",
        _ => "contact ada.lovelace@example.com about " + nameof(ScrubBenchmarks),
    };

    [Benchmark(Baseline = true)]
    public int PreviousPreScan() => (int)PreviousScrubTriggers.Of(_text);

    [Benchmark]
    public int PreScan() => (int)ScrubTriggers.Of(_text);

    [Benchmark]
    public string Scrub() => TextScrubber.Scrub(_text);
}
