using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// The generator binds calls without other generators' output; a generator that adds an overload to a partial type can
/// make the build bind a call to that overload, and the interceptor written for the annotated method is then CS9144 —
/// adding the SDK broke the build (found with Vogen: an annotated From(long) next to Vogen's From(int)). Calls another
/// generator's overload could win (arguments converted, type partial and attributed) are not intercepted and INS0019
/// says so; every other call is intercepted as before.
/// </summary>
public sealed class GeneratedOverloadTests
{
    private const string Source = """
        using Instrumentation;
        namespace App;
        [System.AttributeUsage(System.AttributeTargets.Struct | System.AttributeTargets.Class)]
        public sealed class ValueObjectAttribute : System.Attribute { }   // stands for Vogen's [ValueObject<int>]
        [ValueObject]
        public readonly partial struct OrderId
        {
            public int Value { get; init; }
            [Operation("order_id.from_long")] public static OrderId From(long value) => new() { Value = checked((int)value) };
        }
        [System.Obsolete("descriptive attributes ask no generator for members"), System.Diagnostics.DebuggerDisplay("plain")]
        public partial class Plain
        {
            [Operation("plain.scale")] public static long Scale(long value) => value * 2;
        }
        public static class Use
        {
            public static int Exact() => OrderId.From(7L).Value;
            public static int Converted() => OrderId.From(8).Value;
        #pragma warning disable CS0618
            public static long PlainConverted() => Plain.Scale(9);
        #pragma warning restore CS0618
        }
        """;

    [Fact]
    public void A_converted_call_another_generators_overload_wins_is_INS0019_and_the_build_compiles()
    {
        var (output, generatorDiagnostics) = Run(Source, withOverloadGenerator: true);

        Assert.Empty(GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostic = Assert.Single(generatorDiagnostics, d => d.Id == "INS0019");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("OrderId.From(8)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(
            "This call of 'OrderId.From(long)' is not instrumented: it converts an argument (or fills in a default, a params array or a type argument), and 'OrderId' is a partial type with attributes, so a method another source generator adds could win the call in the build, and intercepting it as 'OrderId.From(long)' would then fail to compile: pass every argument with the parameter's exact type (for example 8L for a long) to have it instrumented",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        // The exact call and the converted call of a partial type with descriptive attributes only are intercepted.
        Assert.Equal(new[] { "OrderId.From(7L)", "Plain.Scale(9)" }, Intercepted(output));
    }

    [Fact]
    public void Without_another_generator_the_same_calls_are_intercepted_or_reported_alike()
    {
        // The generator cannot know whether another generator runs: its output is the same either way.
        var (output, generatorDiagnostics) = Run(Source);

        Assert.Empty(GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(new[] { "INS0019" }, generatorDiagnostics.Select(d => d.Id));
        Assert.Equal(new[] { "OrderId.From(7L)", "Plain.Scale(9)" }, Intercepted(output));
    }

    [Fact]
    public void Defaults_params_arrays_and_inferred_type_arguments_are_inexact_too()
    {
        const string source = """
            using Instrumentation;
            namespace App;
            public sealed class BoxedAttribute : System.Attribute { }
            [Boxed]
            public partial class Box
            {
                [Operation("box.pad")] public static int Pad(int value, int by = 1) => value + by;
                [Operation("box.sum")] public static int Sum(params int[] values) => values.Length;
                [Operation("box.echo")] public static T Echo<T>(T value) => value;
                public static int Use() => Pad(1) + Pad(1, 2) + Sum(1, 2) + Sum(new[] { 1 }) + Echo(3) + Echo<int>(4);
            }
            """;
        var (output, generatorDiagnostics) = Run(source);

        Assert.Equal(
            new[] { "Pad(1)", "Sum(1, 2)", "Echo(3)" },
            generatorDiagnostics.Where(d => d.Id == "INS0019").Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)));
        Assert.Equal(new[] { "Pad(1, 2)", "Sum(new[] { 1 })", "Echo<int>(4)" }, Intercepted(output));
    }

    [Fact]
    public void A_derived_namesake_of_the_declaring_type_is_named_with_its_namespace()
    {
        // YamlDotNet's tests: [YamlStaticContext] partial class StaticContext : YamlDotNet.Serialization.StaticContext, whose
        // generated half overrides the annotated GetFactory(). The message once read "meets 'StaticContext' … before
        // 'StaticContext', where the method is declared" and advised "a receiver of type 'StaticContext'".
        const string source = """
            using Instrumentation;
            namespace Lib
            {
                public class Factory { }
                public class StaticContext { [Operation("lib.get_factory")] public virtual Factory GetFactory() => new(); }
            }
            namespace App
            {
                public sealed class ContextAttribute : System.Attribute { }
                [Context] public partial class StaticContext : Lib.StaticContext { }
                public static class Use { public static Lib.Factory Run() => new StaticContext().GetFactory(); }
            }
            """;
        const string generated = """
            // <auto-generated/>
            namespace App
            {
                public partial class StaticContext { public override Lib.Factory GetFactory() => new(); }
            }
            """;
        var (output, generatorDiagnostics) = OtherGenerators.Run(source, ("StaticContext.g.cs", generated));

        Assert.Empty(GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(Intercepted(output));
        var diagnostic = Assert.Single(generatorDiagnostics, d => d.Id == "INS0019");
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("This call of 'Lib.StaticContext.GetFactory()' is not instrumented", message);
        Assert.Contains("the call's name lookup meets 'App.StaticContext', a partial type with attributes, before 'Lib.StaticContext', where the method is declared", message);
        Assert.Contains("call it on a receiver of type 'Lib.StaticContext' (or through 'Lib.StaticContext')", message);
    }

    private static (Compilation Output, IReadOnlyList<Diagnostic> GeneratorDiagnostics) Run(string source, bool withOverloadGenerator = false) =>
        withOverloadGenerator ? OtherGenerators.Run(source, ("OrderId.g.cs", VogenLike)) : OtherGenerators.Run(source);

    private static List<string> Intercepted(Compilation output) => OtherGenerators.Intercepted(output);

    /// <summary>Stands for Vogen: adds a From(int) to the partial type.</summary>
    private const string VogenLike = """
        // <auto-generated/>
        namespace App;
        public readonly partial struct OrderId
        {
            public static OrderId From(int value) => new() { Value = value };
        }
        """;
}
