using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A reviewer's probes: every way a namesake another generator writes can win a call in the build that the generator
/// bound to an annotated method — through a derived receiver, a derived static type, an enclosing type and its
/// <c>using static</c> import, a nested type, a generated base class or extension method. Each built with CS9144 (the
/// interceptor did not match the method the build bound); each must build, with the call left alone.
/// </summary>
public sealed class GeneratedNamesakeTests
{
    private const string Attribute = "public sealed class GenAttribute : System.Attribute { }\n";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        {
            "exact call on a derived receiver (a derived namesake removes the base candidates)",
            Attribute + """
                public class Base { [Operation("base.track")] public long Track(long x) => x; }
                [Gen] public partial class Derived : Base { }
                public static class Use { public static long Run(Derived d) => d.Track(5L); }
                """,
            "public partial class Derived { public long Track(double x) => 0; }",
            "d.Track(5L)"
        },
        {
            "static call by simple name in a derived type",
            Attribute + """
                public class Base { [Operation("base.from")] public static int From(long v) => 1; }
                [Gen] public partial class Id : Base { public static int Use() => From(8); }
                """,
            "public partial class Id { public static int From(int v) => 2; }",
            "From(8)"
        },
        {
            "static call through a derived type's name",
            Attribute + """
                public class Base { [Operation("base.from")] public static int From(long v) => 1; }
                [Gen] public partial class Id : Base { }
                public static class Use { public static int Run() => Id.From(9); }
                """,
            "public partial class Id { public static int From(int v) => 2; }",
            "Id.From(9)"
        },
        {
            "using static, from an enclosing type that gets a namesake",
            Attribute + """
                public static class Ops { [Operation("ops.scale")] public static long Scale(long v) => v; }
                [Gen] public partial class Caller { public long Use() => Scale(3); }
                """,
            "public partial class Caller { public long Scale(int v) => 0; }",
            "Scale(3)"
        },
        {
            "a nested type that gets a namesake of its outer type's method",
            Attribute + """
                public static partial class Outer
                {
                    [Operation("outer.scale")] public static long Scale(long v) => v;
                    [Gen] public partial class Inner { public long Use() => Scale(3); }
                }
                """,
            "public static partial class Outer { public partial class Inner { public long Scale(int v) => 0; } }",
            "Scale(3)"
        },
        {
            "an unbound argument, the enclosing class deriving from a generated base with a namesake",
            """
                public class Derived : GenBase
                {
                    [Operation("derived.describe")] public int Describe(int x) => x;
                    public int Use() => Describe(Gen.Value);
                }
                """,
            "public class GenKey { } public class GenBase { public int Describe(GenKey k) => 0; } public static class Gen { public static GenKey Value => new(); }",
            "Describe(Gen.Value)"
        },
        {
            "an unbound argument, a generated extension method winning over an instance method that does not fit",
            """
                public sealed class Tracker { [Operation("tracker.track")] public int Track(int x) => x; }
                public static class Use { public static int Run(Tracker t) => t.Track(Gen.Value); }
                """,
            "public class GenKey { } public static class GenKeyExtensions { public static int Track(this Tracker t, GenKey k) => 0; } public static class Gen { public static GenKey Value => new(); }",
            "t.Track(Gen.Value)"
        },
        {
            "an unbound argument through using static, from an enclosing type that gets a namesake",
            Attribute + """
                public static class Ops { [Operation("ops.describe")] public static int Describe(object v) => 1; }
                [Gen] public partial class Caller { public int Use() => Describe(Gen.Value); }
                """,
            "public class GenKey { } public partial class Caller { public int Describe(GenKey k) => 0; } public static class Gen { public static GenKey Value => new(); }",
            "Describe(Gen.Value)"
        },
        {
            "conditional access on a derived receiver (second review)",
            Attribute + """
                public class Base { [Operation("base.track")] public long Track(long x) => x; }
                [Gen] public partial class Derived : Base { }
                public static class Use { public static long? Run(Derived? d) => d?.Track(5L); }
                """,
            "public partial class Derived { public long Track(double x) => 0; }",
            ".Track(5L)"
        },
        {
            "a type-parameter receiver constrained to a derived type (second review)",
            Attribute + """
                public class Base { [Operation("base.track")] public long Track(long x) => x; }
                [Gen] public partial class Derived : Base { }
                public static class Use { public static long Run<T>(T d) where T : Derived => d.Track(5L); }
                """,
            "public partial class Derived { public long Track(double x) => 0; }",
            "d.Track(5L)"
        },
        {
            "an interface receiver with an open intermediate interface (second review)",
            Attribute + """
                public interface IBase { [Operation("ibase.track")] long Track(long x); }
                [Gen] public partial interface IMid : IBase { }
                public interface IDerived : IMid { }
                public static class Use { public static long Run(IDerived d) => d.Track(5L); }
                """,
            "public partial interface IMid { long Track(double x) => 0; }",
            "d.Track(5L)"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_namesake_another_generator_writes_never_breaks_the_build(string shape, string user, string generated, string call)
    {
        var source = "using Instrumentation;\nusing static App.Ops;\nnamespace App;\n" + user
            + (user.Contains("class Ops", System.StringComparison.Ordinal) ? string.Empty : "\npublic static class Ops { }\n");
        var (output, _) = OtherGenerators.Run(source, ("Gen.g.cs", "namespace App;\n" + generated));

        Assert.True(
            !GeneratorHarness.AllDiagnostics(output).Any(d => d.Severity == DiagnosticSeverity.Error),
            shape + ": " + string.Join("\n", GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity == DiagnosticSeverity.Error)));
        Assert.Contains(OtherGenerators.Calls(output), c => c.Text.EndsWith(call, System.StringComparison.Ordinal) && !c.Intercepted);
    }

    [Fact]
    public void A_referenced_operation_called_on_a_derived_receiver_another_generator_extends_is_left_alone()
    {
        // Second review: the referenced-operation path did not apply INS0019's rule: CS9144 in the referenced file, and
        // INS0019 claimed a call was not instrumented while it was.
        const string library = """
            using Instrumentation;
            namespace Lib;
            public class Base { [Operation("base.track")] public long Track(long x) => x; }
            """;
        var compiled = CrossProject.CrossProjectHarness.BuildLibrary(CrossProject.CrossProjectHarness.UniqueName("Ns"), library);
        var consumer = CrossProject.CrossProjectHarness.ConsumerCompilation("NsApp", """
            namespace App;
            public sealed class GenAttribute : System.Attribute { }
            [Gen] public partial class Derived : Lib.Base { }
            public static class Use { public static long Run(Derived d) => d.Track(5L); }
            """, compiled);
        var generators = new[] { new Instrumentation.Generators.Operations.OperationGenerator().AsSourceGenerator(), new StandIn().AsSourceGenerator() };
        Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(generators, parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(consumer, out var output, out var diagnostics);

        Assert.Empty(GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(new[] { "INS0019" }, diagnostics.Select(d => d.Id));
        Assert.DoesNotContain(OtherGenerators.Calls(output), c => c.Intercepted);
    }

    private sealed class StandIn : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterSourceOutput(context.CompilationProvider, static (output, _) =>
                output.AddSource("Gen.g.cs", "namespace App;\npublic partial class Derived { public long Track(double x) => 0; }\n"));
    }
}
