using System;
using System.Diagnostics;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// A <c>[DoesNotReturn]</c> throw helper (found on Markdig: <c>ThrowHelper.ThrowArgumentNullException(string)</c>, called
/// from 20 places). Its interceptor must carry the attribute (without it the compiler warns CS8770, an error under
/// TreatWarningsAsErrors) and must not warn that it returns (CS8763); the call site's flow analysis stays the method's
/// own, and the failure is recorded like any other.
/// </summary>
public sealed class DoesNotReturnTests
{
    private const string Source = """
        #nullable enable
        using System;
        using System.Diagnostics.CodeAnalysis;
        using Instrumentation;
        namespace Throwing;
        public static class ThrowHelper
        {
            [Operation("throw.argument_null")]
            [DoesNotReturn]
            public static void ThrowArgumentNull(string name) => throw new ArgumentNullException(name);
        }

        public static class Parser
        {
            public static int Length(string? text)
            {
                if (text is null)
                {
                    ThrowHelper.ThrowArgumentNull(nameof(text));
                }

                return text.Length; // no CS8602: the helper does not return
            }

            public static string Parse(string? text)
            {
                try
                {
                    return Length(text).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (ArgumentNullException e)
                {
                    return "thrown " + e.ParamName;
                }
            }
        }
        """;

    [Fact]
    public void The_interceptor_keeps_the_promise_compiles_without_warnings_and_records_the_failure()
    {
        const string assemblyName = "DoesNotReturnCalls";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Contains("[global::System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute]", run.GeneratedSources[OperationEmitter.HintName], StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var parser = run.Load().GetType("Throwing.Parser")!;
        Assert.Equal("thrown text", (string)parser.GetMethod("Parse")!.Invoke(null, new object?[] { null })!);
        Assert.Equal("3", (string)parser.GetMethod("Parse")!.Invoke(null, new object?[] { "abc" })!);

        var span = Assert.Single(recorder.Spans, s => s.OperationName == "throw.argument_null");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(new[] { 1.0 }, recorder.ValuesOf("throw_argument_null_failures_total"));
    }
}
