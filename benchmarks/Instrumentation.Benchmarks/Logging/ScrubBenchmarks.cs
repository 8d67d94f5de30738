using BenchmarkDotNet.Attributes;
using Instrumentation.Redaction;

namespace Instrumentation.Benchmarks.Logging;

/// <summary>
/// The free-text scrubber on what unclassified log arguments usually hold: a short id, an id with digits, a GUID, a
/// clean sentence with numbers and a time, and a sentence with an e-mail address (the only one that runs a pattern).
/// <see cref="PreScan"/> is the check that decides which patterns can match, <see cref="PreviousPreScan"/> the same
/// check as it was before issue 18 §4's second change (its peer in the same run), <see cref="Scrub"/> the whole
/// scrubber, <see cref="UrlPasswordRuleAlone"/> the one rule added since (its share). Clean text: 0 B.
/// </summary>
[MemoryDiagnoser]
public class ScrubBenchmarks
{
    /// <summary>The texts, named by what they stand for (BenchmarkDotNet shows the parameter).</summary>
    [Params("ShortId", "IdWithDigits", "Guid", "CleanSentence", "WordsWithDashes", "WordsWithCapitals", "SentenceWithEmail", "UrlWithPassword")]
    public string Text { get; set; } = "";

    private string _text = "";

    [GlobalSetup]
    public void Setup() => _text = Text switch
    {
        "ShortId" => "dev-1",
        "IdWithDigits" => "sensor-0042",
        "Guid" => "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "CleanSentence" => "device dev-17 sent 3 readings at 12:30, battery 87 percent, firmware 2.4.1",
        // Dashes after a 't' or 'k', where the dashed credential prefixes (sk-proj-, glpat-, …) are compared.
        "WordsWithDashes" => "client-17 sent a bucket-name request at-risk, batch-42 of test-3 (retry-after 5)",
        // Capitals where the known-token prefixes (AKIA, ATATT3, PMAK-, SG., …) are anchored.
        "WordsWithCapitals" => "Azure API call to AppService in AKS failed: Access denied for Admin, GET /Api/Accounts, Auth Again",
        "UrlWithPassword" => "connecting to postgres://app:S3cr3t@db:5432/app failed after 3 retries",
        _ => "contact ada.lovelace@example.com about " + nameof(ScrubBenchmarks),
    };

    [Benchmark(Baseline = true)]
    public int PreviousPreScan() => (int)PreviousScrubTriggers.Of(_text);

    [Benchmark]
    public int PreScan() => (int)ScrubTriggers.Of(_text);

    [Benchmark]
    public string Scrub() => TextScrubber.Scrub(_text);

    /// <summary>
    /// The URL-password rule alone (added 2026-12-05; it runs only on text with an <c>@</c>): the share of <see cref="Scrub"/>
    /// it adds, as a compiled expression over the same pattern (the scrubber's own is source-generated).
    /// </summary>
    [Benchmark]
    public string UrlPasswordRuleAlone() => UrlPassword.Replace(_text, UrlPasswordReplacement);

    // ScrubPatterns is compiled into the runtime and the generators alike (the benchmarks reference both): read the
    // runtime's constants by reflection rather than name an ambiguous type.
    private static readonly System.Type Patterns = typeof(TextScrubber).Assembly.GetType("Instrumentation.Text.ScrubPatterns", throwOnError: true)!;

    private static readonly string UrlPasswordReplacement = (string)Patterns.GetField("UrlPasswordReplacement")!.GetRawConstantValue()!;

    private static readonly System.Text.RegularExpressions.Regex UrlPassword = new(
        (string)Patterns.GetField("UrlPasswordPattern")!.GetRawConstantValue()!,
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);
}
