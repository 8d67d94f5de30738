using System.Linq;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A failure while handling one declaration or call site is one INS0999 at that place; every other
/// operation of the compilation is still generated and intercepted.
/// </summary>
public sealed class IsolationTests
{
    private const string Healthy = """
        using System.Threading.Tasks;
        using Instrumentation;
        public class Healthy
        {
            [Operation("healthy.first")] public int First(int x) => x;
            [Operation("healthy.second")] public Task Second() => Task.CompletedTask;
            [FunnelEvent("Signed_up")] public void SignUp() { }
        }
        public static class Calls
        {
            public static void Run(Healthy h) { h.First(1); _ = h.Second(); h.SignUp(); }
        }
        """;

    [Fact]
    public void Funnel_event_with_null_properties_does_not_stop_the_other_operations()
    {
        const string source = """
            using Instrumentation;
            public class Odd
            {
                [FunnelEvent("A", Properties = null)] public void Fire() { }
                public void Call() => Fire();
            }
            """;
        var run = RobustRun.Of(Healthy, source);

        Assert.True(run.Crashes.Count == 0, run.Describe());
        Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.Equal(new[] { "Fire", "First", "Second", "SignUp" }, run.InterceptedCalls.OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void A_declaration_whose_parsing_throws_is_one_INS0999_at_that_declaration_and_the_rest_is_intercepted()
    {
        const string source = """
            using Instrumentation;
            public class Odd
            {
                [Operation("odd.explode")] public void Explode() { }
                public void Call() => Explode();
            }
            """;
        using (FaultInjection.ThrowWhileParsing("Explode"))
        {
            var run = RobustRun.Of(Healthy, source);

            Assert.True(run.Crashes.Count == 0, run.Describe());
            Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
            var failure = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0999");
            Assert.Equal("Explode", source.Substring(failure.Location.SourceSpan.Start, failure.Location.SourceSpan.Length));
            Assert.Contains("InvalidOperationException", failure.GetMessage(), System.StringComparison.Ordinal);
            Assert.Equal(new[] { "First", "Second", "SignUp" }, run.InterceptedCalls.OrderBy(n => n, System.StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_call_site_whose_handling_throws_is_one_INS0999_at_that_call_and_the_rest_is_intercepted()
    {
        const string source = """
            using Instrumentation;
            public class Odd
            {
                [Operation("odd.explode")] public void Explode() { }
                public void Call() => Explode();
            }
            """;
        using (FaultInjection.ThrowAtCallSite("Explode"))
        {
            var run = RobustRun.Of(Healthy, source);

            Assert.True(run.Crashes.Count == 0, run.Describe());
            Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
            var failure = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0999");
            Assert.Equal("Explode()", source.Substring(failure.Location.SourceSpan.Start, failure.Location.SourceSpan.Length));
            Assert.Equal(new[] { "First", "Second", "SignUp" }, run.InterceptedCalls.OrderBy(n => n, System.StringComparer.Ordinal));
        }
    }

    [Fact]
    public void An_operation_whose_emission_throws_is_one_INS0999_and_the_rest_is_intercepted()
    {
        const string source = """
            using Instrumentation;
            public class Odd
            {
                [Operation("odd.explode")] public void Explode() { }
                public void Call() => Explode();
            }
            """;
        using (FaultInjection.ThrowWhileEmitting("Explode"))
        {
            var run = RobustRun.Of(Healthy, source);

            Assert.True(run.Crashes.Count == 0, run.Describe());
            Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
            var failure = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0999");
            Assert.Contains("Odd.Explode()", failure.GetMessage(), System.StringComparison.Ordinal);
            Assert.Equal(new[] { "First", "Second", "SignUp" }, run.InterceptedCalls.OrderBy(n => n, System.StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_log_method_whose_parsing_throws_is_one_INS0999_and_the_others_are_generated()
    {
        const string source = """
            using Microsoft.Extensions.Logging;
            using Instrumentation;
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Fine {value}")] public static partial void Fine(ILogger logger, int value);
                [LogMethod(LogLevel.Information, "Boom {value}")] public static partial void Explode(ILogger logger, int value);
            }
            """;
        using (FaultInjection.ThrowWhileParsing("Explode"))
        {
            var run = RobustRun.Of(source);

            Assert.True(run.Crashes.Count == 0, run.Describe());
            var failure = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0999");
            Assert.Equal("Explode", source.Substring(failure.Location.SourceSpan.Start, failure.Location.SourceSpan.Length));
            Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
            Assert.Contains(run.GeneratedFiles, f => f.Contains("Logging.Log", System.StringComparison.Ordinal));
        }
    }
}
