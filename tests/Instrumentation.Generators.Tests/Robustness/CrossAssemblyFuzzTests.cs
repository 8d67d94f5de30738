using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// The mutation fuzzer (<see cref="MutationFuzzTests"/>) across the assembly boundary: a corpus program, as it is or
/// mutated, is built as a library with the generators (as a user's library built with the SDK is); when it compiles
/// without an error it is emitted, and a second compilation — the caller — references that image and calls every
/// accessible method of it that carries an attribute the generators react to (or overrides or implements one that
/// does), with <c>default!</c> arguments. The SDK then reads those declarations from metadata. Whatever the library
/// declares, no generator throws, no INS0999, and no generated file of either build holds an error or a warning. A
/// call the caller writer got wrong (an error without the generators too) is dropped, not counted. The un-mutated
/// programs also check that the path does something: every call of an operation or funnel method of the library is
/// intercepted or gets an INS diagnostic at the call, and some calls are intercepted.
/// <c>FUZZ_CASES</c>, <c>FUZZ_SEED</c> and <c>FUZZ_REPORT</c> as for <see cref="MutationFuzzTests"/>
/// (<c>FUZZ_CASES=2000 FUZZ_SEED=7 FUZZ_REPORT=20 dotnet test … --filter CrossAssemblyFuzzTests</c>).
/// </summary>
public sealed class CrossAssemblyFuzzTests
{
    private const int DefaultCases = 80;
    private const int DefaultSeed = 20261205;
    private const int MaxAttempts = 100;

    private static readonly string[] OperationAttributes =
    {
        "OperationAttribute", "IngestAttribute", "BroadcastAttribute", "FlowAttribute", "FlowNodeAttribute", "FunnelEventAttribute",
    };

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly ITestOutputHelper _output;

    public CrossAssemblyFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Calls_of_annotated_methods_of_a_referenced_library_never_crash_a_generator_nor_get_generated_code_with_problems()
    {
        var cases = MutationFuzzTests.Setting("FUZZ_CASES", DefaultCases);
        var seed = MutationFuzzTests.Setting("FUZZ_SEED", DefaultSeed);
        var report = MutationFuzzTests.Setting("FUZZ_REPORT", 3);
        var random = new Random(seed);
        var corpus = CorpusCases.All().ToList();
        var failures = new List<string>();
        var silent = new List<string>();
        var clock = Stopwatch.StartNew();
        int kept = 0, withCalls = 0, calls = 0, intercepted = 0, attempts = 0;
        for (var i = 0; i < cases && failures.Count < report; i++)
        {
            var (category, name, source) = corpus[random.Next(corpus.Count)];
            var mutated = CompilingMutation(source, random, ref attempts);
            if (mutated is null)
            {
                continue;
            }

            var variant = Variant.Pick(random);
            var outcome = Run(mutated, variant);
            Tally(outcome, ref kept, ref withCalls, ref calls, ref intercepted);
            if (outcome.Failure is not null)
            {
                failures.Add(Describe(i, category, name, mutated, variant + "\n" + outcome.Failure));
            }
            else if (outcome.Silent.Count > 0)
            {
                silent.Add(Describe(i, category, name, mutated, "not intercepted and no INS diagnostic: " + string.Join(", ", outcome.Silent)));
            }
        }

        _output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"seed {seed}: {cases} cases ({attempts} mutations tried), {kept} libraries compiled cleanly, {withCalls} callers with calls, {calls} calls, {intercepted} intercepted, {clock.ElapsedMilliseconds} ms"));
        foreach (var miss in silent.Take(report))
        {
            _output.WriteLine(miss);
        }

        Assert.True(failures.Count == 0, "seed " + seed.ToString(CultureInfo.InvariantCulture) + ":\n\n" + string.Join("\n\n", failures));
        // Mutations break most programs; a third still compiling as a library keeps the test meaningful.
        Assert.True(kept * 3 >= cases, kept + " of " + cases + " libraries compiled cleanly");
        Assert.True(withCalls * 5 >= kept, withCalls + " of " + kept + " clean libraries gave the caller something to call");
    }

    [Fact]
    public void Calls_of_the_corpus_methods_from_another_assembly_are_intercepted_or_diagnosed()
    {
        var failures = new List<string>();
        int kept = 0, withCalls = 0, calls = 0, intercepted = 0;
        var corpus = CorpusCases.All().ToList();
        // Every twelfth program keeps the test fast; all of them are the same check (and pass).
        for (var i = 0; i < corpus.Count; i += MutationFuzzTests.Setting("CORPUS_STRIDE", 12))
        {
            var (category, name, source) = corpus[i];
            var outcome = Run(source);
            Tally(outcome, ref kept, ref withCalls, ref calls, ref intercepted);
            if (outcome.Failure is not null || outcome.Silent.Count > 0)
            {
                failures.Add(Describe(i, category, name, source, outcome.Failure ?? "not intercepted and no INS diagnostic: " + string.Join(", ", outcome.Silent)));
            }
        }

        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kept} libraries compiled cleanly, {withCalls} callers with calls, {calls} calls, {intercepted} intercepted"));
        Assert.True(failures.Count == 0, failures.Count + " failures:\n\n" + string.Join("\n\n", failures.Take(10)));
        Assert.True(intercepted * 2 >= calls && intercepted >= 20, intercepted + " of " + calls + " calls intercepted");
    }

    /// <summary>A library whose operation the caller calls: the path works, and the check notices when nothing is intercepted.</summary>
    [Fact]
    public void The_caller_writer_calls_every_kind_of_annotated_method_and_its_calls_are_intercepted()
    {
        var outcome = Run("""
            namespace Lib
            {
                public interface IStore { [Operation("store.put")] int Put(string key); }
                public abstract class Base { [Operation("base.handle")] public abstract int Handle(int value); }
                public sealed class Store : Base, IStore
                {
                    public int Put(string key) => key.Length;
                    public override int Handle(int value) => value;
                    [Operation("store.get")] public T Get<T>(ref T value, out int count, in int flag) where T : struct { count = flag; return value; }
                    [FunnelEvent("Saved")] public static void Saved(string id) { }
                    [Ingest("store.ingest")] public void Ingest(TenantContext tenant, [Batch] int[] items) { }
                }
                public static class Extensions { [Operation("ext.first")] public static T First<T>(this IReadOnlyList<T> items) => items[0]; }
                public class Outer<T> where T : class { public class Inner { [Operation("inner.m")] public static T? M(T? value) => value; } }
            }
            """);

        Assert.Null(outcome.Failure);
        Assert.Empty(outcome.Silent);
        Assert.Equal(
            new[] { "First", "First", "Get", "Handle", "Handle", "Handle", "Ingest", "M", "Put", "Put", "Put", "Saved" },
            outcome.Intercepted.OrderBy(n => n, StringComparer.Ordinal));
    }

    /// <summary>
    /// A mutation of <paramref name="source"/> that compiles without an error (without the generators), or null after
    /// <see cref="MaxAttempts"/> tries: most mutations break the program, and a library with errors cannot be referenced.
    /// A syntax error is found by parsing alone, which keeps the search cheap.
    /// </summary>
    private static string? CompilingMutation(string source, Random random, ref int attempts)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            attempts++;
            var mutated = MutationFuzzTests.Mutate(source, random, 1 + random.Next(3));
            try
            {
                var tree = CSharpSyntaxTree.ParseText(CorpusCases.Usings + mutated, GeneratorHarness.ParseOptions);
                if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Roslyn's parser itself can throw on a mutation (seed 15: InvalidOperationException in
                // LanguageParser.GetPrecedence, 'Unexpected value QualifiedName'): not a library anyone can build.
                continue;
            }

            var compilation = GeneratorHarness.CompileAs(Variant.Plain.LibraryName, CorpusCases.Usings + mutated).WithOptions(RobustRun.Options);
            try
            {
                if (!compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    return mutated;
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The compiler itself can throw on broken code (MutationFuzzTests has that case).
            }
        }

        return null;
    }

    /// <summary>
    /// What this fuzzer found, one library per kind: each one's calls from another assembly were wrong before (an error in a
    /// generated file, or a call neither intercepted nor diagnosed).
    /// </summary>
    public static TheoryData<string, string> Found => new()
    {
        { "member of a C# 14 extension block called as an extension (metadata shows its marker type static)", "public static class E { extension(string s) { [Operation(\"e.m\")] public int M() => s.Length; } }" },
        { "[OrgId] on a params array (the library's own call too)", "public class C { [Operation(\"c.m\")] public void M([OrgId] params int[] x) { } public void Call() => M(1, 2); }" },
        { "pointer to a managed type returned (CS8500, a warning, at the declaration; the library's own call too)", "public unsafe class C { [Operation(\"c.m\")] public int[]* M() => null; public static void Call(C c) { _ = c.M(); } }" },
        { "pointer to an unconstrained type parameter", "public static unsafe class C { [Operation(\"c.m\")] public static void M<T>(T* p) { } }" },
        { "[ProjectId] on a reference type other than string", "public class C { [Operation(\"c.m\")] public void M([ProjectId] Uri x) { } }" },
    };

    [Theory]
    [MemberData(nameof(Found))]
    public void What_the_cross_assembly_fuzzer_found_is_intercepted_or_diagnosed_with_no_problem_in_a_generated_file(string name, string library)
    {
        var outcome = Run(library);

        Assert.True(outcome.Kept && outcome.Calls > 0, name + ": the library does not compile or has nothing to call");
        Assert.True(outcome.Failure is null && outcome.Silent.Count == 0, name + "\n" + outcome.Failure + "\nsilent: " + string.Join(", ", outcome.Silent));
    }

    /// <summary>
    /// What this fuzzer found with a caller on an older C# than the library's: the interceptor repeated a signature
    /// feature the caller's version cannot declare (CS9058/CS9202 in the generated file); such a call is now INS0030.
    /// </summary>
    public static TheoryData<string, string, LanguageVersion> FoundWithAnOlderCaller => new()
    {
        { "params collection, caller on C# 12", "public class C { [Operation(\"c.m\")] public void M(params ReadOnlySpan<int> x) { } }", LanguageVersion.CSharp12 },
        { "allows ref struct on the method's type parameter, caller on C# 12", "public static class C { [Operation(\"c.m\")] public static int M<T>(T r) where T : allows ref struct => 1; }", LanguageVersion.CSharp12 },
        { "allows ref struct on the type's type parameter, caller on C# 11", "public class C<T> where T : allows ref struct { [Operation(\"c.m\")] public T M(T value) => value; }", LanguageVersion.CSharp11 },
        { "ref readonly parameter, caller on C# 11", "public class C { [Operation(\"c.m\")] public int M(ref readonly int x) => x; }", LanguageVersion.CSharp11 },
    };

    [Theory]
    [MemberData(nameof(FoundWithAnOlderCaller))]
    public void What_the_cross_assembly_fuzzer_found_with_an_older_caller_is_diagnosed_with_no_problem_in_a_generated_file(string name, string library, LanguageVersion caller)
    {
        var outcome = Run(library, Variant.Plain with { CallerLanguage = caller });

        Assert.True(outcome.Kept && outcome.Calls > 0, name + ": the library does not compile or has nothing to call");
        Assert.True(outcome.Failure is null && outcome.Silent.Count == 0, name + "\n" + outcome.Failure + "\nsilent: " + string.Join(", ", outcome.Silent));
    }

    private static void Tally(Outcome outcome, ref int kept, ref int withCalls, ref int calls, ref int intercepted)
    {
        if (outcome.Kept)
        {
            kept++;
        }

        if (outcome.Calls > 0)
        {
            withCalls++;
        }

        calls += outcome.Calls;
        intercepted += outcome.Intercepted.Count;
    }

    /// <summary>What one program gave across the boundary.</summary>
    /// <param name="Kept">The library compiled without an error and was referenced.</param>
    /// <param name="Calls">The caller's calls of operation or funnel methods that compile without the generators.</param>
    /// <param name="Intercepted">The names of the methods whose calls the compiler intercepted.</param>
    /// <param name="Silent">Calls of operation or funnel methods neither intercepted nor diagnosed.</param>
    /// <param name="Failure">What the SDK got wrong, or null.</param>
    private sealed record Outcome(bool Kept, int Calls, IReadOnlyList<string> Intercepted, IReadOnlyList<string> Silent, string? Failure);

    private static readonly Outcome Skipped = new(false, 0, Array.Empty<string>(), Array.Empty<string>(), null);

    /// <summary>How the two builds differ from the plain one: either without nullable annotations (metadata then shows
    /// oblivious types), the library's name (generated code names it), the caller's language version.</summary>
    private sealed record Variant(NullableContextOptions Library, NullableContextOptions Caller, string LibraryName, LanguageVersion CallerLanguage)
    {
        public static readonly Variant Plain = new(NullableContextOptions.Enable, NullableContextOptions.Enable, "FuzzLibrary", LanguageVersion.Preview);

        private static readonly string[] Names = { "FuzzLibrary", "Fuzz.Library", "fuzz-library", "Fuzz Library", "Fuzzé\u00e9", "Fuzz\"Lib", "Fuzz\\Lib", "FuzzCaller.Lib", "Instrumentation" };

        private static readonly LanguageVersion[] Languages = { LanguageVersion.Preview, LanguageVersion.CSharp14, LanguageVersion.CSharp13, LanguageVersion.CSharp12, LanguageVersion.CSharp11 };

        public static Variant Pick(Random random) => new(
            random.Next(4) == 0 ? NullableContextOptions.Disable : NullableContextOptions.Enable,
            random.Next(4) == 0 ? NullableContextOptions.Disable : NullableContextOptions.Enable,
            random.Next(3) == 0 ? Names[random.Next(Names.Length)] : Plain.LibraryName,
            random.Next(3) == 0 ? Languages[random.Next(Languages.Length)] : LanguageVersion.Preview);

        public CSharpParseOptions CallerParseOptions => GeneratorHarness.ParseOptions.WithLanguageVersion(CallerLanguage);
    }

    private static Outcome Run(string program, Variant? variant = null)
    {
        variant ??= Variant.Plain;
        var libraryOptions = RobustRun.Options.WithNullableContextOptions(variant.Library);
        var callerOptions = RobustRun.Options.WithNullableContextOptions(variant.Caller);
        var parseOptions = variant.CallerParseOptions;
        RobustRun library;
        try
        {
            library = RobustRun.Of(GeneratorHarness.CompileAs(variant.LibraryName, CorpusCases.Usings + program).WithOptions(libraryOptions));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The compiler itself can throw on broken code (MutationFuzzTests checks that case): not a library to reference.
            return Skipped;
        }

        var libraryProblem = SdkFailure(library);
        if (libraryProblem is not null)
        {
            return Skipped with { Failure = "library build:\n" + libraryProblem };
        }

        byte[] image;
        using (var stream = new MemoryStream())
        {
            // An error the generators report (INS0005, a conflict between metric definitions, is one) fails the build too.
            if (library.UserCodeErrors.Count > 0 || library.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || !library.Output.Emit(stream).Success)
            {
                return Skipped;
            }

            image = stream.ToArray();
        }

        var reference = MetadataReference.CreateFromImage(image);
        var empty = GeneratorHarness.CompileAs("FuzzCaller").WithOptions(callerOptions).AddReferences(reference);
        var targets = Targets(empty, reference);
        var methods = targets.SelectMany((target, i) => Calls(target, i, empty)).ToList();

        // Calls the writer got wrong (an error without the generators) are dropped; what is left must compile without them.
        for (var attempt = 0; attempt < 2 && methods.Count > 0; attempt++)
        {
            var plain = empty.AddSyntaxTrees(CallerTree(methods, parseOptions));
            var errors = plain.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count == 0)
            {
                break;
            }

            var wrong = errors.Select(e => Enclosing(e, methods)).ToHashSet();
            methods = wrong.Contains(null) ? new List<CallerMethod>() : methods.Where(m => !wrong.Contains(m)).ToList();
        }

        if (methods.Count > 0 && empty.AddSyntaxTrees(CallerTree(methods, parseOptions)).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            methods.Clear();
        }

        if (methods.Count == 0)
        {
            return Skipped with { Kept = true };
        }

        RobustRun caller;
        var callerCompilation = empty.AddSyntaxTrees(CallerTree(methods, parseOptions));
        try
        {
            caller = RobustRun.Of(callerCompilation, parseOptions);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Skipped with { Kept = true, Failure = "the caller's run threw " + exception + "\ncaller:\n" + CallerTree(methods, parseOptions) };
        }

        var callerProblem = SdkFailure(caller) ?? (caller.UserCodeErrors.Count > 0 ? "errors in the caller with the generators only:\n  " + string.Join("\n  ", caller.UserCodeErrors) : null);
        if (callerProblem is not null)
        {
            return new Outcome(true, methods.Count, caller.InterceptedCalls, Array.Empty<string>(), "caller build:\n" + callerProblem + "\ncaller:\n" + CallerTree(methods, parseOptions));
        }

        var silent = new List<string>();
        var tree = caller.Output.SyntaxTrees.First(t => t.FilePath == CallerPath);
        var model = caller.Output.GetSemanticModel(tree);
        foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            var method = methods.FirstOrDefault(m => m.Name == Enclosing(invocation));
            if (method is null || !method.IsOperation || method.Conditional || model.GetInterceptorMethod(invocation) is not null)
            {
                continue;
            }

            var span = invocation.Span;
            if (!caller.GeneratorDiagnostics.Any(d => d.Id.StartsWith("INS", StringComparison.Ordinal) && d.Location.SourceTree?.FilePath == CallerPath && d.Location.SourceSpan.IntersectsWith(span)))
            {
                silent.Add(method.Display);
            }
        }

        return new Outcome(true, methods.Count(m => m.IsOperation), caller.InterceptedCalls, silent, null);
    }

    private static string? SdkFailure(RobustRun run)
    {
        var internalErrors = run.GeneratorDiagnostics.Where(d => d.Id == "INS0999").ToList();
        return run.Crashes.Count > 0 || internalErrors.Count > 0 || run.GeneratedCodeProblems.Count > 0 ? run.Describe() : null;
    }

    private const string CallerPath = "/src/Caller.cs";

    /// <summary>One method of the caller: a call of one library method.</summary>
    private sealed record CallerMethod(string Name, string Display, bool IsOperation, bool Conditional, string? Using, string Body, string? Type = null);

    private static SyntaxTree CallerTree(IReadOnlyList<CallerMethod> methods, CSharpParseOptions parseOptions)
    {
        var builder = new StringBuilder();
        builder.Append("#pragma warning disable\n");
        foreach (var ns in methods.Select(m => m.Using).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            builder.Append("using ").Append(ns).Append(";\n");
        }

        builder.Append("namespace FuzzCaller;\n\npublic static unsafe class Calls\n{\n");
        foreach (var method in methods)
        {
            builder.Append("    // ").Append(method.Display.Replace('\n', ' ')).Append('\n');
            builder.Append("    public static void ").Append(method.Name).Append("()\n    {\n").Append(method.Body).Append("    }\n\n");
        }

        builder.Append("}\n");
        foreach (var method in methods.Where(m => m.Type is not null))
        {
            builder.Append('\n').Append(method.Type);
        }

        return CSharpSyntaxTree.ParseText(builder.ToString(), parseOptions, path: CallerPath);
    }

    private static CallerMethod? Enclosing(Diagnostic error, IReadOnlyList<CallerMethod> methods)
    {
        if (error.Location.SourceTree is not { } tree || tree.FilePath != CallerPath)
        {
            return null;
        }

        var node = tree.GetRoot().FindNode(error.Location.SourceSpan);
        var name = Enclosing(node);
        return methods.FirstOrDefault(m => m.Name == name);
    }

    /// <summary>The caller method <paramref name="node"/> belongs to: the one it is in, or the one a caller's type (<c>Call3oType</c>) was written for.</summary>
    private static string? Enclosing(SyntaxNode node)
    {
        var type = node.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault(t => t.Identifier.ValueText.EndsWith(TypeSuffix, StringComparison.Ordinal));
        return type is not null
            ? type.Identifier.ValueText.Substring(0, type.Identifier.ValueText.Length - TypeSuffix.Length)
            : node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText;
    }

    private const string TypeSuffix = "Type";

    /// <summary>The library's methods (from its metadata, as the caller sees it) that the generators react to.</summary>
    private static List<(IMethodSymbol Method, bool IsOperation)> Targets(CSharpCompilation caller, MetadataReference reference)
    {
        var found = new List<(IMethodSymbol, bool)>();
        if (caller.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly)
        {
            return found;
        }

        var types = new Stack<INamespaceOrTypeSymbol>();
        types.Push(assembly.GlobalNamespace);
        while (types.Count > 0)
        {
            foreach (var member in types.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                {
                    types.Push(container);
                }

                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && caller.IsSymbolAccessibleWithin(method, caller.Assembly))
                {
                    var isOperation = Annotated(method, OperationAttributes);
                    if (isOperation || Annotated(method, new[] { "LogMethodAttribute" }))
                    {
                        found.Add((method, isOperation));
                    }
                }
            }
        }

        return found;
    }

    private static bool Has(IMethodSymbol method, string[] names) => method.GetAttributes().Any(a =>
        a.AttributeClass is { ContainingNamespace: { Name: "Instrumentation", ContainingNamespace.IsGlobalNamespace: true } } type && names.Contains(type.Name));

    private static bool AnnotatedOrOverridesAnnotated(IMethodSymbol method, string[] attributes)
    {
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (Has(current.OriginalDefinition, attributes))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The method, a method it overrides or an interface method it implements carries one of <paramref name="attributes"/>.</summary>
    private static bool Annotated(IMethodSymbol method, string[] attributes)
    {
        if (AnnotatedOrOverridesAnnotated(method, attributes))
        {
            return true;
        }

        return !method.IsStatic && method.ContainingType.AllInterfaces
            .SelectMany(i => i.GetMembers(method.Name).OfType<IMethodSymbol>())
            .Any(i => Has(i.OriginalDefinition, attributes) && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(i)?.OriginalDefinition, method.OriginalDefinition));
    }

    /// <summary>
    /// Caller methods that call <paramref name="target"/> with default arguments (none when it cannot be written): on its
    /// type or a local of it, and an extension method also as an extension (the reduced form the generators see too).
    /// </summary>
    private static IEnumerable<CallerMethod> Calls((IMethodSymbol Method, bool IsOperation) target, int index, Compilation compilation)
    {
        var method = target.Method;
        var containing = Close(method.ContainingType, compilation);
        var member = containing?.GetMembers(method.Name).OfType<IMethodSymbol>()
            .FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, method.OriginalDefinition));
        if (containing is null || member is null)
        {
            yield break;
        }

        if (member.IsGenericMethod)
        {
            member = member.Construct(member.TypeParameters.Select(p => Argument(p, compilation)).ToArray());
        }

        // A [Conditional] method's call the compiler omits (its symbol undefined here) has nothing to intercept.
        var conditional = method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.ConditionalAttribute");
        var name = "Call" + index.ToString(CultureInfo.InvariantCulture);
        var display = method.ToDisplayString();
        yield return new CallerMethod(name, display, target.IsOperation, conditional, null, Body(containing.ToDisplayString(TypeFormat), member, reduced: false));
        if (member.IsExtensionMethod && member.Parameters.Length > 0)
        {
            var ns = containing.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
            yield return new CallerMethod(name + "x", display + " (as an extension)", target.IsOperation, conditional, ns, Body(containing.ToDisplayString(TypeFormat), member, reduced: true));
        }

        var derived = Derived(containing, member.IsGenericMethod ? member.ConstructedFrom : member, name + "o" + TypeSuffix);
        if (derived is not null)
        {
            // Also an override of a method that is not annotated itself but implements an annotated interface method (an
            // abstract class between the interface and the caller's class): such calls were silently not intercepted until
            // CallSiteFinder.FindAnnotatedDeclaration looked at the interfaces the overridden methods implement.
            yield return new CallerMethod(name + "o", display + " (overridden or implemented in the caller)", target.IsOperation, conditional, null, Body("global::FuzzCaller." + name + "o" + TypeSuffix, member, reduced: false), derived);
        }
    }

    /// <summary>
    /// A type of the caller that overrides <paramref name="member"/> (virtual or abstract in a class of the library) or
    /// implements it (a method of an interface of the library), so that the call binds to a method declared in the caller
    /// whose annotated declaration is in the library; null when the base has members other than methods to implement.
    /// </summary>
    private static string? Derived(INamedTypeSymbol containing, IMethodSymbol member, string typeName)
    {
        if (member.IsStatic || member.MethodKind != MethodKind.Ordinary)
        {
            return null;
        }

        var isInterface = containing.TypeKind == TypeKind.Interface;
        if (!isInterface && (containing.TypeKind != TypeKind.Class || containing.IsSealed || containing.IsStatic || member.IsSealed || !(member.IsVirtual || member.IsAbstract || member.IsOverride)))
        {
            return null;
        }

        var toWrite = new List<IMethodSymbol> { member };
        var baseCall = string.Empty;
        if (isInterface)
        {
            foreach (var required in new[] { containing }.Concat(containing.AllInterfaces).SelectMany(i => i.GetMembers()).Where(m => m.IsAbstract && !m.IsStatic))
            {
                if (required is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
                {
                    return null;
                }

                if (!SymbolEqualityComparer.Default.Equals(method, member))
                {
                    toWrite.Add(method);
                }
            }
        }
        else
        {
            for (var type = containing; type is not null; type = type.BaseType)
            {
                foreach (var required in type.GetMembers().Where(m => m.IsAbstract))
                {
                    if (required is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
                    {
                        return null;
                    }

                    if (!toWrite.Any(w => w.Name == method.Name && w.Parameters.Length == method.Parameters.Length) && !IsOverriddenBelow(method, containing))
                    {
                        toWrite.Add(method);
                    }
                }
            }

            var constructor = containing.InstanceConstructors
                .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal && c.Parameters.All(p => p.RefKind == RefKind.None))
                .OrderBy(c => c.Parameters.Length)
                .FirstOrDefault();
            if (constructor is null)
            {
                return null;
            }

            baseCall = "    public " + typeName + "() : base(" + string.Join(", ", constructor.Parameters.Select(p => "(" + p.Type.ToDisplayString(TypeFormat) + ")default!")) + ") { }\n";
        }

        var builder = new StringBuilder();
        builder.Append("public sealed class ").Append(typeName).Append(" : ").Append(containing.ToDisplayString(TypeFormat)).Append("\n{\n").Append(baseCall);
        foreach (var method in toWrite)
        {
            builder.Append("    public ").Append(isInterface ? string.Empty : "override ").Append(Signature(method, isInterface)).Append(" => throw null!;\n");
        }

        return builder.Append("}\n").ToString();
    }

    private static bool IsOverriddenBelow(IMethodSymbol method, INamedTypeSymbol from)
    {
        for (var type = from; type is not null && !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, method.ContainingType.OriginalDefinition); type = type.BaseType)
        {
            if (type.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m => SymbolEqualityComparer.Default.Equals(m.OverriddenMethod?.OriginalDefinition, method.OriginalDefinition) || (m.IsOverride && m.Parameters.Length == method.Parameters.Length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The declaration of <paramref name="method"/> in an override (constraints only as an override may repeat them) or an implicit implementation.</summary>
    private static string Signature(IMethodSymbol method, bool implementation)
    {
        var builder = new StringBuilder();
        builder.Append(method.ReturnsByRefReadonly ? "ref readonly " : method.ReturnsByRef ? "ref " : string.Empty).Append(method.ReturnType.ToDisplayString(TypeFormat)).Append(' ').Append(EscapedName(method.Name));
        if (method.IsGenericMethod)
        {
            builder.Append('<').Append(string.Join(", ", method.TypeParameters.Select(t => EscapedName(t.Name)))).Append('>');
        }

        builder.Append('(').Append(string.Join(", ", method.Parameters.Select(p =>
            (p.IsParams ? "params " : string.Empty)
            + (p.ScopedKind == ScopedKind.ScopedRef || (p.ScopedKind == ScopedKind.ScopedValue) ? "scoped " : string.Empty)
            + p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", RefKind.RefReadOnlyParameter => "ref readonly ", _ => string.Empty }
            + p.Type.ToDisplayString(TypeFormat) + " " + EscapedName(p.Name)))).Append(')');
        foreach (var parameter in method.TypeParameters)
        {
            var constraints = new List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                constraints.Add("class");
            }
            else if (parameter.HasUnmanagedTypeConstraint && implementation)
            {
                constraints.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                constraints.Add("struct");
            }
            else if (parameter.HasNotNullConstraint && implementation)
            {
                constraints.Add("notnull");
            }

            if (implementation)
            {
                constraints.AddRange(parameter.ConstraintTypes.Select(t => t.ToDisplayString(TypeFormat)));
                if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
                {
                    constraints.Add("new()");
                }

                if (parameter.AllowsRefLikeType)
                {
                    constraints.Add("allows ref struct");
                }
            }

            if (constraints.Count > 0)
            {
                builder.Append(" where ").Append(EscapedName(parameter.Name)).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return builder.ToString();
    }

    private static string Body(string receiverType, IMethodSymbol member, bool reduced)
    {
        var body = new StringBuilder();
        var receiver = receiverType;
        if (!member.IsStatic)
        {
            body.Append("        ").Append(receiver).Append(" receiver = default!;\n");
            receiver = "receiver";
        }

        var arguments = new List<string>();
        for (var i = 0; i < member.Parameters.Length; i++)
        {
            var parameter = member.Parameters[i];
            var local = "a" + i.ToString(CultureInfo.InvariantCulture);
            if (parameter.RefKind == RefKind.None && !(reduced && i == 0))
            {
                arguments.Add("default!");
                continue;
            }

            body.Append("        ").Append(parameter.Type.ToDisplayString(TypeFormat)).Append(' ').Append(local).Append(" = default!;\n");
            if (reduced && i == 0)
            {
                receiver = local;
                continue;
            }

            arguments.Add(parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                _ => "ref ", // ref readonly: 'in' is CS9058 before C# 12, 'ref' is not (and only a warning after)
            } + local);
        }

        var typeArguments = member.IsGenericMethod ? "<" + string.Join(", ", member.TypeArguments.Select(t => t.ToDisplayString(TypeFormat))) + ">" : string.Empty;
        body.Append("        ").Append(receiver).Append('.').Append(EscapedName(member.Name)).Append(typeArguments)
            .Append('(').Append(string.Join(", ", arguments)).Append(");\n");
        return body.ToString();
    }

    private static string EscapedName(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The type with a type argument for each of its and its containers' type parameters.</summary>
    private static INamedTypeSymbol? Close(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.ContainingType is { } outer)
        {
            var closedOuter = Close(outer, compilation);
            var nested = closedOuter?.GetTypeMembers(type.Name, type.Arity).FirstOrDefault();
            if (nested is null)
            {
                return null;
            }

            return type.Arity > 0 ? nested.Construct(nested.TypeParameters.Select(p => Argument(p, compilation)).ToArray()) : nested;
        }

        return type.Arity > 0 ? type.Construct(type.TypeParameters.Select(p => Argument(p, compilation)).ToArray()) : type;
    }

    /// <summary>A type argument that likely meets <paramref name="parameter"/>'s constraints (when not, the call is dropped).</summary>
    private static ITypeSymbol Argument(ITypeParameterSymbol parameter, Compilation compilation)
    {
        var constraint = parameter.ConstraintTypes.FirstOrDefault(t => t is not ITypeParameterSymbol && t.SpecialType != SpecialType.System_Enum && t.SpecialType != SpecialType.System_Delegate);
        if (constraint is not null && !parameter.HasValueTypeConstraint && !parameter.HasUnmanagedTypeConstraint && !parameter.HasConstructorConstraint)
        {
            return constraint;
        }

        return compilation.GetSpecialType(parameter.HasValueTypeConstraint || parameter.HasUnmanagedTypeConstraint ? SpecialType.System_Int32 : SpecialType.System_Object);
    }

    private static string Describe(int index, string category, string name, string program, string what) =>
        "case " + index.ToString(CultureInfo.InvariantCulture) + " (from " + category + "/" + name + "):\n" + program + "\n" + what;
}
