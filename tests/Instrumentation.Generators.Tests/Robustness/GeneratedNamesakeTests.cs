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
        Assert.Contains((call, false), OtherGenerators.Calls(output));
    }
}
