using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// <c>Kind</c> on an operation attribute reaches the runtime: a plain operation's options flag, the kind argument of an
/// operation with its own class; an Internal operation's code is as before, and a cast number that is no
/// <c>ActivityKind</c> member is Internal. The generated code compiles cleanly (the harness checks it).
/// </summary>
public sealed class SpanKindEmissionTests
{
    [Fact]
    public void The_kind_is_passed_only_for_operations_that_are_not_internal()
    {
        const string source = """
            using System.Diagnostics;
            using Instrumentation;

            public sealed class Payments
            {
                [Operation("payments.charge", Kind = ActivityKind.Client)]
                public int Charge(int amount) => amount;

                [Operation("payments.publish", Kind = ActivityKind.Producer)]
                public int Publish([SpanAttribute] string queue) => queue.Length;

                [Operation("payments.local")]
                public int Local() => 1;

                [Operation("payments.odd", Kind = (ActivityKind)42)]
                public int Odd() => 1;

                public int Call() => Charge(1) + Publish("q") + Local() + Odd();
            }
            """;

        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var text = run.GeneratedSources[OperationEmitter.HintName];
        Assert.Contains("global::Instrumentation.Operations.PlainOperationOptions.ClientSpan", text, System.StringComparison.Ordinal);
        Assert.Contains(", global::System.Diagnostics.ActivityKind.Producer);", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("ActivityKind.Internal", text, System.StringComparison.Ordinal);
        Assert.Equal(1, CountOf(text, "ClientSpan"));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, System.StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
