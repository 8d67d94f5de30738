using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1030 fix where a lambda would not do what the method group did: removals and comparisons by identity (and the
/// additions they undo), a receiver a lambda cannot capture; and 'var', where the lambda needs typed parameters.
/// </summary>
public sealed class WrapInLambdaShapeTests
{
    private const string Usings = "using System; using System.Threading.Tasks; using Instrumentation;\n";

    /// <summary>Asserts that no fix is offered: the fixed source is the source, diagnostics and all.</summary>
    private static async Task NotOfferedAsync(string source)
    {
        var test = Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.Create();
        test.TestCode = source;
        test.FixedCode = source;
        await test.RunAsync(CancellationToken.None);
        Assert.All(test.OfferedTitles, titles => Assert.Empty(titles));
    }

    [Fact]
    public async Task A_method_group_cast_to_its_delegate_type_keeps_the_cast_around_a_parenthesized_lambda()
    {
        // The cast picks the overload (Apply(Twice) alone is ambiguous), so it stays; the lambda goes in parentheses.
        const string source = Usings + """
            public class C
            {
                [Operation("job.twice")] public static int Twice(int v) => v * 2;
                public static int Apply(Func<int, int> f) => f(1);
                public static int Apply(Func<string, int> f) => f("1");
                public int M(bool b)
                {
                    var r = Apply((Func<int, int>){|INS1030:Twice|}); // picks the overload
                    var d = b ? (Func<int, int>){|INS1030:Twice|} : {|INS1030:Twice|};
                    return r + d(1) + Apply((Func<int, int>)({|INS1030:Twice|}));
                }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("job.twice")] public static int Twice(int v) => v * 2;
                public static int Apply(Func<int, int> f) => f(1);
                public static int Apply(Func<string, int> f) => f("1");
                public int M(bool b)
                {
                    var r = Apply((Func<int, int>)(arg => Twice(arg))); // picks the overload
                    var d = b ? (Func<int, int>)(arg => Twice(arg)) : arg => Twice(arg);
                    return r + d(1) + Apply((Func<int, int>)(arg => Twice(arg)));
                }
            }
            """;

        await Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Not_offered_for_an_event_unsubscription_nor_for_the_subscription_it_undoes()
    {
        await NotOfferedAsync(Usings + """
            public class C
            {
                public event EventHandler? Changed;
                [Operation("job.on_changed")] public void OnChanged(object? sender, EventArgs e) { }
                public void Attach() => Changed += {|INS1030:OnChanged|};
                public void Detach() => Changed -= {|INS1030:OnChanged|};
            }
            """);
    }

    [Fact]
    public async Task Not_offered_for_a_collection_remove_nor_for_the_add_it_undoes()
    {
        await NotOfferedAsync(Usings + """
            public class C
            {
                private readonly System.Collections.Generic.List<Action> _handlers = new();
                [Operation("job.tick")] public void Tick() { }
                public void Add() => _handlers.Add({|INS1030:Tick|});
                public bool Remove() => _handlers.Remove({|INS1030:Tick|});
            }
            """);
    }

    [Fact]
    public async Task Not_offered_where_the_lambda_cannot_capture_the_receiver()
    {
        await NotOfferedAsync(Usings + """
            public struct S
            {
                [Operation("s.run")] public int Run(int x) => x;
                public Func<int, int> M() => {|INS1030:Run|};
            }
            public class Node { [Operation("node.run")] public int Run(int x) => x; }
            public struct Counter { public int N; [Operation("counter.bump")] public int Bump(int x) => N += x; }
            public class C
            {
                private Counter _field;
                public Func<int, int> M(in Node node) => {|INS1030:node.Run|};

                // The method group calls Bump on a copy boxed when the delegate is made; a lambda would change the variable.
                public Func<int, int> Local() { var d = new Counter(); return {|INS1030:d.Bump|}; }
                public Func<int, int> Field() => {|INS1030:_field.Bump|};
            }
            """);
    }

    private const string RefKindSource = Usings + """
        public delegate void RefAction(ref int x);
        public delegate bool TryRead(string s, out int value);
        public delegate int Reader(in int x);
        public class C
        {
            [Operation("job.inc")] public static void Inc(ref int x) => x++;
            [Operation("job.try_read")] public static bool Read(string s, out int value) { value = s.Length; return true; }
            [Operation("job.peek")] public static int Peek(in int x) => x;
            public int M()
            {
                RefAction inc = {|INS1030:Inc|};
                TryRead read = {|INS1030:Read|};
                Reader peek = {|INS1030:Peek|};
                var i = 1;
                inc(ref i);
                read("ab", out var n);
                return peek(in i) + n;
            }
        }
        """;

    [Fact]
    public async Task A_delegate_with_ref_out_and_in_parameters_gets_a_lambda_with_the_modifiers_and_no_types_in_CSharp_14()
    {
        // Before, no fix was offered for a delegate with a ref kind; C# 14 takes modifiers without types.
        const string fixedSource = Usings + """
            public delegate void RefAction(ref int x);
            public delegate bool TryRead(string s, out int value);
            public delegate int Reader(in int x);
            public class C
            {
                [Operation("job.inc")] public static void Inc(ref int x) => x++;
                [Operation("job.try_read")] public static bool Read(string s, out int value) { value = s.Length; return true; }
                [Operation("job.peek")] public static int Peek(in int x) => x;
                public int M()
                {
                    RefAction inc = (ref arg) => Inc(ref arg);
                    TryRead read = (arg0, out arg1) => Read(arg0, out arg1);
                    Reader peek = (in arg) => Peek(in arg);
                    var i = 1;
                    inc(ref i);
                    read("ab", out var n);
                    return peek(in i) + n;
                }
            }
            """;

        await Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.CodeFixAsync(RefKindSource, fixedSource);
    }

    [Fact]
    public async Task A_delegate_with_ref_out_and_in_parameters_gets_typed_parameters_before_CSharp_14()
    {
        const string fixedSource = Usings + """
            public delegate void RefAction(ref int x);
            public delegate bool TryRead(string s, out int value);
            public delegate int Reader(in int x);
            public class C
            {
                [Operation("job.inc")] public static void Inc(ref int x) => x++;
                [Operation("job.try_read")] public static bool Read(string s, out int value) { value = s.Length; return true; }
                [Operation("job.peek")] public static int Peek(in int x) => x;
                public int M()
                {
                    RefAction inc = (ref int arg) => Inc(ref arg);
                    TryRead read = (string arg0, out int arg1) => Read(arg0, out arg1);
                    Reader peek = (in int arg) => Peek(in arg);
                    var i = 1;
                    inc(ref i);
                    read("ab", out var n);
                    return peek(in i) + n;
                }
            }
            """;

        var test = Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.Create();
        test.TestCode = RefKindSource;
        test.FixedCode = fixedSource;
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectParseOptions(projectId, AnalyzerHarness.ParseOptions.WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp13)));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Methods_the_generator_refuses_and_base_calls_are_not_reported_as_method_groups()
    {
        // A stranger's analyzer trial: INS1030 at method groups of a ref return, an iterator and an async void method —
        // INS0007 at each declaration: none of their calls is intercepted, so the fix's lambdas recorded nothing either —
        // and at 'base.Run', which no interceptor can replace (INS0012).
        const string source = Usings + """
            public delegate ref int Getter();
            public class Job
            {
                private static readonly int[] Values = new int[4];
                [Operation("job.get")] public static ref int Get() => ref Values[0];
                [Operation("job.items")] public static System.Collections.Generic.IEnumerable<int> Items() { yield return 1; }
                [Operation("job.fire")] public static async void Fire() => await System.Threading.Tasks.Task.Yield();
                [Operation("job.run")] public virtual int Run(int x) => x;
            }
            public class Derived : Job
            {
                public override int Run(int x) => x + 1;
                public Func<int, int> M()
                {
                    Getter get = Get;
                    Func<System.Collections.Generic.IEnumerable<int>> items = Items;
                    Action fire = Fire;
                    get() = 2;
                    return base.Run;
                }
            }
            """;

        await Verify<UninstrumentableCallAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task A_var_declaration_gets_a_lambda_with_typed_parameters()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("job.run")] public int Run(int x) => x;
                public int M() { var f = {|INS1030:Run|}; return f(1); }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("job.run")] public int Run(int x) => x;
                public int M() { var f = (int arg) => Run(arg); return f(1); }
            }
            """;

        await Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_all_as_dotnet_format_runs_it_fixes_the_others_when_the_first_has_no_fix()
    {
        const string source = Usings + """
            public struct S
            {
                [Operation("s.run")] public int Run(int x) => x;
                public Func<int, int> M() => Run;
            }
            public class C
            {
                [Operation("job.run")] public int Run(int x) => x;
                public void M() { Func<int, int> f = Run; Func<int, int> g = Run; }
            }
            """;
        const string fixedSource = Usings + """
            public struct S
            {
                [Operation("s.run")] public int Run(int x) => x;
                public Func<int, int> M() => Run;
            }
            public class C
            {
                [Operation("job.run")] public int Run(int x) => x;
                public void M() { Func<int, int> f = arg => Run(arg); Func<int, int> g = arg => Run(arg); }
            }
            """;

        Assert.Equal(fixedSource, await AnalyzerHarness.FixAllLikeDotnetFormatAsync(source, "INS1030", new WrapInLambdaCodeFix()));
    }
}
