using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// Every analyzer as users run it: with the SDK's generators in the same compilation (interceptors, log methods and
/// funnel code generated first). The diagnostics and their exact locations must be the same as without them.
/// </summary>
public sealed class WithGeneratorsTests
{
    private const string Usings = PersonalDataTests.Usings;

    [Fact]
    public Task MetricLabelAnalyzer_INS1001_with_generators() =>
        Verify<MetricLabelAnalyzer>.AnalyzerWithGeneratorsAsync(Usings + """
            public enum Sensor { Temperature }
            public class C
            {
                [Operation("db.write")]
                public void M([{|INS1001:MetricLabel("device")|}, BoundedValues("a", "b")] string device, [MetricLabel] Sensor sensor) { }
                public void Call() => M("a", Sensor.Temperature);
            }
            """);

    [Fact]
    public Task HandWrittenTagAnalyzer_INS1002_with_generators() =>
        Verify<HandWrittenTagAnalyzer>.AnalyzerWithGeneratorsAsync(Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                [Operation("job.run")]
                public void Run(string deviceId) => Calls.Add(1, {|INS1002:new KeyValuePair<string, object?>("device_id", deviceId)|});
                public void Call() => Run("d");
            }
            """);

    [Fact]
    public Task PersonalDataAnalyzer_INS1010_with_generators() =>
        Verify<PersonalDataAnalyzer>.AnalyzerWithGeneratorsAsync(Usings + """
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute] string {|INS1010:phoneNumber|}, [SpanAttribute, PersonalData] string userEmail, [SpanAttribute("client")] IPAddress {|INS1010:peer|}) { }
                public void Call() => Check("1", "a@b.c", IPAddress.Loopback);
            }
            """);

    // Found by running the analyzer with the generators: the generated implementation part of a [LogMethod] partial
    // method carries [GeneratedCode], which hid the user's declaration from the analyzer (fixed in PersonalDataAnalyzer).
    [Fact]
    public Task PersonalDataAnalyzer_INS1010_on_log_method_parameters_with_generators() =>
        Verify<PersonalDataAnalyzer>.AnalyzerWithGeneratorsAsync(Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Signed in {email} ({count})")]
                public static partial void SignedIn(ILogger logger, string {|INS1010:email|}, int count);
            }
            public class C
            {
                public void Call(ILogger logger) => Log.SignedIn(logger, "a@b.c", 1);
            }
            """);

    [Fact]
    public Task NamingAnalyzer_INS1020_INS1021_with_generators() =>
        Verify<NamingAnalyzer>.AnalyzerWithGeneratorsAsync(Usings + """
            public class C
            {
                [{|INS1020:{|INS1021:Operation("DB.SensorInsert", DurationMetric = "SensorInsertLatency")|}|}]
                public void M() { }
                public void Call() => M();
            }
            """);

    [Fact]
    public Task UninstrumentableCallAnalyzer_INS1030_with_generators() =>
        Verify<UninstrumentableCallAnalyzer>.AnalyzerWithGeneratorsAsync(Usings + """
            public class C
            {
                [Operation("job.run")] public int Run(int x) => x;
                public void M() { Func<int, int> f = {|INS1030:Run|}; Func<int, int> g = x => Run(x); var n = Run(2); }
            }
            """);
}
