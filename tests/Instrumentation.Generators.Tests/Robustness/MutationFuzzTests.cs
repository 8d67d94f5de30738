using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Code the corpus did not think of: each case takes a corpus program and changes it at random, token by token — a token
/// deleted or repeated, a modifier, a type or a piece of punctuation inserted (<see cref="Insertions"/>) — and runs every
/// generator over the result, as broken and odd as it may be. Whatever comes in, no generator throws (no CS8784/CS8785,
/// no INS0999) and no generated file holds an error or a warning: bad input costs a diagnostic or nothing, never output
/// that does not compile. The seed is fixed, so a failure repeats; <c>FUZZ_CASES</c> and <c>FUZZ_SEED</c> run more or other
/// cases, <c>FUZZ_REPORT</c> reports more than the first three failures
/// (<c>FUZZ_CASES=5000 FUZZ_REPORT=50 dotnet test … --filter MutationFuzzTests</c>).
/// </summary>
public sealed class MutationFuzzTests
{
    private const int DefaultCases = 300;
    private const int DefaultSeed = 20261205;

    /// <summary>What a mutation may insert between two tokens: modifiers, types, punctuation, half-written constructs.</summary>
    internal static readonly string[] Insertions =
    {
        "ref ", "in ", "out ", "params ", "async ", "static ", "readonly ", "scoped ", "unsafe ", "this ", "new ", "virtual ",
        "abstract ", "override ", "partial ", "extern ", "volatile ", "const ", "required ", "file ", "sealed ", "implicit ",
        "?", "!", "*", "[]", "<T>", "<int>", "<,>", "where T : struct ", "where T : class? ", "default", "null!", "@class",
        "dynamic ", "__arglist", "stackalloc int[1]", "(", ")", "{", "}", ";", ",", "=>", "=", ".", "::", "\"", "/*", "#if X\n",
        "#endif\n", "[Operation] ", "[Operation(\"\")] ", "[Ingest] ", "[LogMethod(LogLevel.Information, \"{x}\")] ",
        "[FunnelEvent(\"e\")] ", "[Batch] ", "[QueueSize] ", "[OrgId] ", "[NotInstrumented] ", "[BoundedValues(\"a\")] ", "[PersonalData] ", "[SecretData] ", "[LogField] ", "[SpanAttribute] ", "[MetricLabel] ",
        "Task<int> ", "ValueTask ", "IAsyncEnumerable<int> ", "Span<int> ", "ReadOnlySpan<char> ", "delegate*<int> ",
        "(int, string) ", "int? ", "object ", "TenantContext ", "CancellationToken ", "ILogger ", "await ", "yield return 1;",
        "throw null!;", "return;", "nameof(M)", "typeof(T)", "sizeof(int)", "checked(", "x => x", "operator +", "~", "^1",
        "..", "\u00e9", "\U0001D400", "\u200B",
    };

    [Fact]
    public void Randomly_broken_or_odd_programs_never_crash_a_generator_nor_get_generated_code_with_problems()
    {
        var cases = Setting("FUZZ_CASES", DefaultCases);
        var seed = Setting("FUZZ_SEED", DefaultSeed);
        var random = new Random(seed);
        var corpus = CorpusCases.All().ToList();
        var failures = new List<string>();
        var report = Setting("FUZZ_REPORT", 3);
        for (var i = 0; i < cases && failures.Count < report; i++)
        {
            var (category, name, source) = corpus[random.Next(corpus.Count)];
            var mutated = Mutate(source, random, 1 + random.Next(3));
            RobustRun run;
            try
            {
                run = RobustRun.Of(CorpusCases.Usings + mutated);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The compiler itself can throw on broken code (its ref-safety pass or __arglist binding, seen here): that is
                // ours only when the same program compiles without the generators.
                if (!CompilerThrowsWithoutGenerators(CorpusCases.Usings + mutated))
                {
                    failures.Add(Describe(i, category, name, mutated, "the run threw " + exception));
                }

                continue;
            }

            var internalErrors = run.GeneratorDiagnostics.Where(d => d.Id == "INS0999").ToList();
            if (run.Crashes.Count > 0 || internalErrors.Count > 0 || run.GeneratedCodeProblems.Count > 0)
            {
                failures.Add(Describe(i, category, name, mutated, run.Describe()));
            }
        }

        Assert.True(failures.Count == 0, "seed " + seed.ToString(CultureInfo.InvariantCulture) + ":\n\n" + string.Join("\n\n", failures));
    }

    /// <summary>What the fuzzer found, one program per kind, each of which put an error into a generated file before.</summary>
    public static TheoryData<string, string> Found => new()
    {
        { "log method with a nameless parameter and a stray modifier (stub)", "public static partial class Log { [LogMethod((LogLevel)99, )] public static volatile partial void M(ILogger , int value); }" },
        { "log method with a duplicate modifier", "public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public public static partial void M(ILogger logger, int value); }" },
        { "instance log method in a static class", "public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public partial void M(ILogger logger, int value); }" },
        { "log method with partial before another modifier", "public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public partial static void M(ILogger logger, int value); }" },
        { "log method with scoped on an int", "public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, scoped int value); }" },
        { "log method in a type with a method named nameof", "public partial class Log { private readonly ILogger _logger = null!; public int nameof(string text) => 0; [LogMethod(LogLevel.Information, \"V {value}\")] public partial void M(int value); }" },
        { "log method taking a less accessible type", "internal sealed class Hidden { } public static partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, Hidden value); }" },
        { "operation in a class without a name", "public class { [Operation(\"c.m\")] public int M(int x) => x; public int Call() => M(1); }" },
        { "operation with an attribute whose arguments do not bind", "public class C { [Operation(\"c.m\")] [return: NotNullIfNotNull()] public string? M(string? value) => value; public static int Call(C c) => c.M(\"x\")!.Length; }" },
        { "operation of a type whose constraint names an unknown type", "public class C<T> where T : Missing { [Operation(\"c.m\")] public T M(T value) => value; }" },
        { "operation with this on a parameter of an instance method", "public class C { [Operation(\"c.m\")] public void M(this int x) { } public void Call() => M(1); }" },
        { "operation with a function pointer of an unknown type", "public unsafe class C { [Operation(\"c.m\")] public void M(delegate*<int, Missing> x) { } public void Call() => M(null); }" },
        { "operation returning a nullable ref struct", "public struct Cell { [Operation(\"c.view\")] public Span<int>? View() => default; public static bool Call() => new Cell().View() is null; }" },
        { "metric label of an enum with a member declared twice", "public enum Kind { A, Other, Other } public class C { [Operation(\"c.m\")] public void M([MetricLabel] Kind kind) { } public void Call() => M(Kind.A); }" },
        { "operation with params on an int", "public class C { [Operation(\"c.m\")] public int M(params int x) => x; public int Call() => M(1); }" },
        { "operation with params before another parameter", "public class C { [Operation(\"c.m\")] public int M(params int[] x, int y) => y; }" },
        { "operation of a public type taking a file-local type", "file sealed class Secret { } public class C { [Operation(\"c.m\")] public void M(Secret s) { } public void Call() => M(new Secret()); }" },
        { "public operation taking a private nested type", "public sealed class Owner { private struct Point { } [Operation(\"c.m\")] public void M(Point p) { } }" },
        { "log method without accessibility with an out parameter", "public static partial class Log { [LogMethod(LogLevel.Information, \"Value {value}\")] static partial void M(ILogger logger, out int value); }" },
        { "log method without accessibility declared virtual", "public partial class Log { private readonly ILogger _logger = null!; [LogMethod(LogLevel.Information, \"Value {value}\")] virtual partial void M(int value); }" },
        { "extern partial log method returning int (seed 211)", "public static partial class Log { [LogMethod(LogLevel.Information, \"Value {value}\")] public static extern partial int M(ILogger logger, int value); }" },
        { "log method attribute on the extern implementation of a defined partial method", "public static partial class Log { public static partial void M(ILogger logger, int value); [LogMethod(LogLevel.Information, \"Value {value}\")] public static extern partial void M(ILogger logger, int value); }" },
        { "log method not generated whose parameter type is [Experimental] (seed 227)", "[Experimental(\"X0003\")] public enum Trial { Small, Large }\n#pragma warning disable X0003\npublic static partial class Log { [LogMethod(LogLevel.Information, \"Trial {kind}\")] public static partial void Seen(ILogger logger, Trial other); }\n#pragma warning restore X0003" },
        { "log method not generated whose parameter type is [Obsolete]", "[Obsolete(\"old\")] public enum Trial { Small, Large }\n#pragma warning disable CS0618\npublic static partial class Log { [LogMethod(LogLevel.Information, \"Trial {kind}\")] public static partial void Seen(ILogger logger, Trial other); }\n#pragma warning restore CS0618" },
        { "log method whose parameter type is [Obsolete]", "[Obsolete(\"old\")] public enum Trial { Small, Large }\n#pragma warning disable CS0618\npublic static partial class Log { [LogMethod(LogLevel.Information, \"Trial {kind}\")] public static partial void Seen(ILogger logger, Trial kind); }\n#pragma warning restore CS0618" },
        { "log method whose parameter type is [Obsolete] with its own diagnostic id", "[Obsolete(\"old\", DiagnosticId = \"OLD01\")] public enum Trial { Small, Large }\n#pragma warning disable OLD01\npublic static partial class Log { [LogMethod(LogLevel.Information, \"Trial {kind}\")] public static partial void Seen(ILogger logger, Trial kind); }\n#pragma warning restore OLD01" },
        { "operation next to a type named _ from broken code (seed 257)", "public class C { [Operation(\"c.m\")] public Task<int>? M() => Task.FromResult(1); }\npublic static class U U { public static void Call(C c) {  where T : struct  _ = c.M(); } }" },
        { "params on a struct that is no collection (seed 269)", "public struct Point { public int X; } public class C { [FunnelEvent(\"Evt\")] public void M(params Point point) { } public void Call() => M(new Point()); }" },
        { "params on an interface that is no collection", "public class C { [Operation(\"c.m\")] public void M(params IDisposable d) { } public void Call() => M(null!); }" },
        { "params on a two-dimensional array", "public class C { [Operation(\"c.m\")] public void M(params int[,] d) { } public void Call() => M(null!); }" },
        { "log method with [LogProperties] of a static class (seed 277)", "public sealed  static  class Obj { public int field { get; set; } public value { get; set; } } public static partial class L { [LogMethod(LogLevel.Information, \"V {o}\")] public static partial void M(ILogger logger, [LogProperties] Obj  [MetricLabel]  o); public static void Call(ILogger l) => M(l, new Obj()); }" },
        { "log method with [LogProperties] of a static class", "public static class Obj { } public static partial class L { [LogMethod(LogLevel.Information, \"V {o}\")] public static partial void M(ILogger logger, [LogProperties] Obj o); }" },
        { "operation taking an array of a static class", "public static class Obj { } public class C { [Operation(\"c.m\")] public int M(Obj[] o) => 1; public int Call() => M(null!); }" },
        { "operation whose constraint names a file-local interface (seed 281)", " file  public interface IRd { int Read(); } public ref struct Rd : IRd { public int Read() => 1; } public class C { [Operation(\"c.m\")] public static int M<T>(T r) where T : IRd, allows ref struct => r.Read(); public static int Call() => M(new Rd()); }" },
        { "operation whose constraint names a file-local class", "file class Base { } public class C { [Operation(\"c.m\")] public static int M<T>(T r) where T : Base => 1; }" },
        { "operation returning a task of a pointer (seed 283)", "public class C { [Operation(\"c.m\")] public ValueTask<string? * > M() => new((string?)null); } public static class U { public static void Call(C c) { _ = c.M(); } }" },
        { "static log method declared readonly (seed 283)", "public static partial class Log { [LogMethod(LogLevel.Information, \"Hello {value\")]  readonly  public static partial void M(ILogger logger, int value); }" },
        { "generic log method with params of its type parameter (seed 283)", "public static partial class Log { [LogMethod(LogLevel.Information, \"Value {value}\")] public static partial void M<T>(ILogger logger,  params  T value); }" },
        { "generic log method with a parameter named like its type parameter (seed 337)", "public static partial class Log { [LogMethod(LogLevel.Information, \"Value {value}\")] public static partial void M<T>(ILogger logger, T T ); }" },
        { "operation with a parameter named like its type parameter", "public class C { [Operation(\"c.m\")] public int M<T>(T T) => 1; public int Call() => M(1); }" },
        { "logged object of a type with a property declared without a name (seed 347)", "public sealed class Obj { public int { get; set; } public int value { get; set; } } public static partial class L { [LogMethod(LogLevel.Information, \"V {o}\")] public static partial void M(ILogger logger, [LogProperties] Obj o); }" },
        { "abstract partial log method (seed 409)", "public partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")]  abstract  public partial void M(int value);  TenantContext  ; }" },
        { "operation taking a static class (seed 491)", "public static class Account { } public class C { [FunnelEvent(\"Evt\", EntityId = \"nobody.Id\")][Operation(\"c.m\")] public void M(Account account, int point) { } public void Call() => M(null!, 1); }" },
        { "log method taking an array of pointers (seed 499)", "public static partial class Log { [LogMethod(LogLevel.Information, \"Value {value}\")] public static partial void M(ILogger logger, params string * [] value); }" },
        { "log method taking a pointer in an unsafe part of its type (legal; INS0100)", "public static unsafe partial class Log { [LogMethod(LogLevel.Information, \"Value {value}\")] public static partial void M(ILogger logger, int* value); }" },
        { "log method with an explicit interface specifier (seed 523)", "public partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public partial void M :: M(int value); }" },
        { "log method whose logger's type argument is an array of a static class (seed 541)", "public static partial class Log { [LogMethod(LogLevel.Information, \"Value {value}\")] public static partial void M(ILogger<Use [OrgId]  > logger, int value); } public static class Use { }" },
        { "operation overriding nothing (seed 541)", "public class C { [Operation(\"c.m\")] [return: NotNull] public  override  T? M<T>(T value) => value ?? throw new ArgumentNullException(nameof(value)); public static int Call(C c) => c.M<string>(\"x\").Length; }" },
        { "log method taking a pointer to an unknown type (seed 563)", "static partial class Log { [LogMethod(LogLevel.Information, \"Value {value}\")] public static unsafe partial void M(ILogger logger, intint* value); }" },
        { "funnel event on an async method returning Task?", "public partial class C { [FunnelEvent(\"Evt\")] public async Task? A() => await Task.Yield(); public void Call() { _ = A(); } }" },
        { "tenant id of a reference type other than string (found by CrossAssemblyFuzzTests)", "public class C { [Operation(\"c.m\")] public void M([OrgId] object x) { } public void Call() => M(1); }" },
        { "operation returning a pointer to a managed type (found by CrossAssemblyFuzzTests)", "public unsafe class C { [Operation(\"c.m\")] public int[]* M() => null; public void Call() { _ = M(); } }" },
        { "params on a function pointer", "public unsafe class C { [Operation(\"c.m\")] public void M(params delegate*<int, int> x) { } public void Call() => M(null); }" },
        { "funnel path ending in a dot next to a property without a name", "public sealed class Account { public string { get; set; } = \"\"; } public class C { [FunnelEvent(\"Evt\", EntityId = \"account.\")] public void M(Account account) { } public void Call() => M(new Account()); }" },
        { "funnel path through a property declared twice", "public sealed class Account { public string Id { get; set; } = \"\"; public string Id { get; set; } = \"\"; } public class C { [FunnelEvent(\"Evt\", Properties = new[] { \"id=account.Id\" })] public void M(Account account) { } public void Call() => M(new Account()); }" },
    };

    /// <summary>Legal declarations next to the found kinds: each is still generated and its call intercepted.</summary>
    public static TheoryData<string, string> StillGenerated => new()
    {
        { "params of a generic collection (C# 13)", "public class C { [Operation(\"c.m\")] public int M(params IEnumerable<int> items) => items.Count(); public int Call() => M(1, 2); }" },
        { "a type named _ (legal; a discard in generated code would bind to it)", "public struct _ { } public class C { [Operation(\"c.m\")] public int M(int x) => x; public int Call() => M(1); }" },
        { "params of a span (C# 13)", "public class C { [Operation(\"c.m\")] public int M(params ReadOnlySpan<int> items) => items.Length; public int Call() => M(1, 2); }" },
        { "params of a list (C# 13)", "public class C { [Operation(\"c.m\")] public int M(params List<int> items) => items.Count; public int Call() => M(1, 2); }" },
        { "params of a collection type of the user's (C# 13)", "public sealed class Bag : IEnumerable<int> { private readonly List<int> _items = new(); public void Add(int i) => _items.Add(i); public IEnumerator<int> GetEnumerator() => _items.GetEnumerator(); System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator(); } public class C { [Operation(\"c.m\")] public int M(params Bag items) => items.Count(); public int Call() => M(1, 2); }" },
        { "scoped on a type parameter allowing ref structs", "public static class C { [Operation(\"c.m\")] public static int M<T>(scoped T value) where T : allows ref struct => 1; public static int Call() => M(1); }" },
    };

    [Theory]
    [MemberData(nameof(StillGenerated))]
    public void Legal_declarations_next_to_the_found_kinds_are_still_intercepted(string name, string source)
    {
        var run = RobustRun.Of(CorpusCases.Usings + source);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, name + "\n" + run.Describe());
        Assert.Contains("M", run.InterceptedCalls);
    }

    [Theory]
    [MemberData(nameof(Found))]
    public void What_the_fuzzer_found_gets_no_error_in_a_generated_file(string name, string source)
    {
        var run = RobustRun.Of(CorpusCases.Usings + source);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && !run.GeneratorDiagnostics.Any(d => d.Id == "INS0999"), name + "\n" + run.Describe());
    }

    [Fact]
    public void A_mutation_changes_the_program_and_the_same_seed_gives_the_same_programs()
    {
        var source = CorpusCases.All().First().Source;
        var first = Enumerable.Range(0, 20).Select(i => Mutate(source, new Random(i), 2)).ToList();
        var again = Enumerable.Range(0, 20).Select(i => Mutate(source, new Random(i), 2)).ToList();

        Assert.Equal(first, again);
        Assert.All(first, mutated => Assert.NotEqual(source, mutated));
    }

    /// <summary>Applies <paramref name="count"/> token-level changes to <paramref name="source"/>.</summary>
    internal static string Mutate(string source, Random random, int count)
    {
        var tokens = SyntaxFactory.ParseTokens(source).Select(t => t.ToFullString()).Where(t => t.Length > 0).ToList();
        for (var n = 0; n < count && tokens.Count > 0; n++)
        {
            var at = random.Next(tokens.Count);
            switch (random.Next(4))
            {
                case 0:
                    tokens.RemoveAt(at);
                    break;
                case 1:
                    tokens.Insert(at, tokens[at]);
                    break;
                default:
                    tokens.Insert(at, " " + Insertions[random.Next(Insertions.Length)] + " ");
                    break;
            }
        }

        var result = string.Concat(tokens);
        return result == source ? result + " " + Insertions[random.Next(Insertions.Length)] : result;
    }

    private static string Describe(int index, string category, string name, string mutated, string what)
    {
        var builder = new StringBuilder();
        builder.Append("case ").Append(index.ToString(CultureInfo.InvariantCulture)).Append(" (from ").Append(category).Append('/').Append(name).Append("):\n");
        builder.Append(mutated).Append('\n').Append(what);
        return builder.ToString();
    }

    private static bool CompilerThrowsWithoutGenerators(string source)
    {
        try
        {
            GeneratorHarness.AllDiagnostics(GeneratorHarness.Compile(source).WithOptions(RobustRun.Options));
            return false;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return true;
        }
    }

    /// <summary>A positive integer from the environment (<c>FUZZ_CASES</c>, <c>FUZZ_SEED</c>, <c>FUZZ_REPORT</c>), else <paramref name="fallback"/>.</summary>
    internal static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
