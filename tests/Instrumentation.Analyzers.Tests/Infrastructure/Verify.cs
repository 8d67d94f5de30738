using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Instrumentation.Analyzers.Tests.Infrastructure;

/// <summary>
/// Analyzer and code-fix tests on Microsoft.CodeAnalysis.Testing (the official packages): sources with markup
/// (<c>[|…|]</c> for the analyzer's single id, <c>{|INS1001:…|}</c> with an id) give the exact expected locations,
/// code fixes assert the whole fixed source, including Fix All. Offline: the .NET 10 reference assemblies come from
/// Basic.Reference.Assemblies.Net100 instead of a download, plus the SDK runtime and logging abstractions.
/// </summary>
/// <typeparam name="TAnalyzer">The analyzer under test.</typeparam>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Asserts the analyzer reports exactly the markup's diagnostics (plus <paramref name="expected"/>).</summary>
    public static Task AnalyzerAsync(string markup, params DiagnosticResult[] expected) =>
        AnalyzerAsync(markup, withGenerators: false, expected);

    /// <summary>
    /// The same, with the SDK's generators run on the source first, as in a user's build: the analyzer sees the
    /// generated interceptors and the generator's own diagnostics must not disturb it.
    /// </summary>
    public static Task AnalyzerWithGeneratorsAsync(string markup, params DiagnosticResult[] expected) =>
        AnalyzerAsync(markup, withGenerators: true, expected);

    /// <summary>A diagnostic of the analyzer's (single) descriptor, for <c>.WithLocation</c> / <c>.WithArguments</c>.</summary>
    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

    /// <summary>
    /// The test itself, for what the shortcuts above do not cover: several files (<c>TestState.Sources.Add((path, markup))</c>),
    /// an <c>.editorconfig</c> or global options (<c>TestState.AnalyzerConfigFiles</c>), expected severities.
    /// </summary>
    internal static AnalyzerTest Create(bool withGenerators = false) => new(withGenerators);

    private static Task AnalyzerAsync(string markup, bool withGenerators, DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(withGenerators) { TestCode = markup };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Offline references and the SDK's parse options (interceptors enabled).</summary>
    internal static void Configure(SolutionState state)
    {
        state.AdditionalReferences.AddRange(AnalyzerHarness.References);
    }

    internal sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        private readonly bool _withGenerators;

        public AnalyzerTest(bool withGenerators)
        {
            _withGenerators = withGenerators;
            ReferenceAssemblies = Offline.None;
            Configure(TestState);
            if (withGenerators)
            {
                // The generated interceptors are checked by the generator tests; here they are context for the analyzer.
                TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
            }
        }

        protected override ParseOptions CreateParseOptions() => AnalyzerHarness.ParseOptions;

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions())
                .WithNullableContextOptions(NullableContextOptions.Enable);

        protected override IEnumerable<Type> GetSourceGenerators() =>
            _withGenerators ? Offline.GeneratorTypes : Enumerable.Empty<Type>();
    }
}

/// <summary>Code-fix tests: markup in, whole fixed source out, optionally Fix All.</summary>
/// <typeparam name="TAnalyzer">The analyzer reporting the diagnostic.</typeparam>
/// <typeparam name="TCodeFix">The code fix under test.</typeparam>
public static class Verify<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>
    /// Applies the fix (action <paramref name="actionIndex"/>) to every markup diagnostic one by one and by Fix All
    /// (document, project, solution scopes), and asserts the result is <paramref name="fixedSource"/> with
    /// <paramref name="remaining"/> left. <paramref name="fixAllIterations"/>: how many Fix All passes it takes (one
    /// per diagnostic id when the fix handles several ids).
    /// </summary>
    public static Task CodeFixAsync(string markup, string fixedSource, int? actionIndex = null, int? fixAllIterations = null, params DiagnosticResult[] remaining)
    {
        var test = new CodeFixTest
        {
            TestCode = markup,
            FixedCode = fixedSource,
            CodeActionIndex = actionIndex,
        };
        if (fixAllIterations is { } iterations)
        {
            test.NumberOfFixAllIterations = iterations;
            test.NumberOfFixAllInDocumentIterations = iterations;
            test.NumberOfFixAllInProjectIterations = iterations;
        }

        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        if (remaining.Length > 0)
        {
            test.FixedState.MarkupHandling = MarkupMode.Allow;
        }

        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// Applies the fix (action <paramref name="actionIndex"/>) to the one diagnostic <paramref name="select"/> picks, once,
    /// and asserts the result is <paramref name="fixedSource"/>, whose markup holds the diagnostics left (no Fix All).
    /// </summary>
    public static Task CodeFixOneAsync(string markup, string fixedSource, Func<Diagnostic, bool> select, int? actionIndex = null)
    {
        var test = new CodeFixTest { TestCode = markup, FixedCode = fixedSource, CodeActionIndex = actionIndex };
        test.FixOnly(select);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>The test itself, for several files (<c>TestState.Sources.Add((path, markup))</c>) and explicit expectations.</summary>
    internal static CodeFixTest Create() => new();

    internal sealed class CodeFixTest : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        private Func<Diagnostic, bool>? _select;

        public CodeFixTest()
        {
            ReferenceAssemblies = Offline.None;
            Verify<TAnalyzer>.Configure(TestState);
            Verify<TAnalyzer>.Configure(FixedState);
            Verify<TAnalyzer>.Configure(BatchFixedState);
        }

        /// <summary>
        /// One fix, on the diagnostic <paramref name="select"/> picks (the framework would take the first), with the
        /// fixed state's markup holding what is left; Fix All is not run.
        /// </summary>
        public void FixOnly(Func<Diagnostic, bool> select)
        {
            _select = select;
            CodeFixTestBehaviors |= CodeFixTestBehaviors.FixOne | CodeFixTestBehaviors.SkipFixAllCheck;
            NumberOfIncrementalIterations = 1;
            FixedState.MarkupHandling = MarkupMode.Allow;
        }

        /// <summary>The titles of the actions the fix offered, each time the framework asked it (the first: the diagnostic fixed first).</summary>
        public List<IReadOnlyList<string>> OfferedTitles { get; } = new();

        protected override CodeFixContext CreateCodeFixContext(
            Document document,
            Microsoft.CodeAnalysis.Text.TextSpan span,
            System.Collections.Immutable.ImmutableArray<Diagnostic> diagnostics,
            Action<Microsoft.CodeAnalysis.CodeActions.CodeAction, System.Collections.Immutable.ImmutableArray<Diagnostic>> registerCodeFix,
            CancellationToken cancellationToken)
        {
            var titles = new List<string>();
            OfferedTitles.Add(titles);
            return base.CreateCodeFixContext(
                document,
                span,
                diagnostics,
                (action, fixes) =>
                {
                    titles.Add(action.Title);
                    registerCodeFix(action, fixes);
                },
                cancellationToken);
        }

        protected override Diagnostic? TrySelectDiagnosticToFix(System.Collections.Immutable.ImmutableArray<Diagnostic> fixableDiagnostics) =>
            _select is null ? base.TrySelectDiagnosticToFix(fixableDiagnostics) : fixableDiagnostics.Single(_select);

        protected override ParseOptions CreateParseOptions() => AnalyzerHarness.ParseOptions;

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
    }
}

/// <summary>What every verifier shares.</summary>
internal static class Offline
{
    /// <summary>No reference-assembly package (nothing downloaded): the references are Basic.Reference.Assemblies.Net100.</summary>
    public static readonly ReferenceAssemblies None = new("net10.0");

    /// <summary>Every incremental generator of the SDK (operations, logs, funnel), as the package runs them.</summary>
    public static readonly Type[] GeneratorTypes = typeof(Instrumentation.Generators.Operations.OperationGenerator).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();
}

/// <summary>
/// Code-fix tests for diagnostics the SDK's generators report (such as INS0006), as users get them: the generators run
/// on the sources (before and after the fix) and every analyzer of the SDK runs too, so the fixed source must compile
/// and carry exactly the expected generator and analyzer diagnostics. Mark locations with <c>{|#n:…|}</c> and expect
/// <see cref="Diagnostic"/>; choose the action by <c>CodeActionEquivalenceKey</c>, check its title with
/// <c>CodeActionVerifier</c>.
/// </summary>
/// <typeparam name="TCodeFix">The code fix under test.</typeparam>
public static class VerifyGeneratorFix<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>A diagnostic of a generator (not declared by an analyzer, so the id and severity are given).</summary>
    public static DiagnosticResult Diagnostic(string id, DiagnosticSeverity severity = DiagnosticSeverity.Warning) => new(id, severity);

    internal static Test Create(string markup, string fixedSource) => new() { TestCode = markup, FixedCode = fixedSource };

    internal sealed class Test : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = Offline.None;
            Verify<EmptyDiagnosticAnalyzer>.Configure(TestState);
            Verify<EmptyDiagnosticAnalyzer>.Configure(FixedState);
            Verify<EmptyDiagnosticAnalyzer>.Configure(BatchFixedState);
            FixedState.MarkupHandling = MarkupMode.Allow;
            BatchFixedState.MarkupHandling = MarkupMode.Allow;
            // The generated interceptors are checked by the generator tests; here they make the code compile as in a build.
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }

        protected override ParseOptions CreateParseOptions() => AnalyzerHarness.ParseOptions;

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override IEnumerable<Type> GetSourceGenerators() => Offline.GeneratorTypes;

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AnalyzerHarness.AllAnalyzers();
    }
}

/// <summary>
/// Every analyzer of the SDK at once on Microsoft.CodeAnalysis.Testing: the markup must hold every diagnostic any of
/// them reports (so "nothing else is reported" is part of each test), with <c>{|INS1001:…|}</c> or <c>{|#n:…|}</c>.
/// </summary>
public static class VerifyAll
{
    /// <summary>A diagnostic of any analyzer, for <c>.WithLocation</c> / <c>.WithArguments</c>.</summary>
    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

    /// <summary>Asserts the analyzers report exactly the markup's diagnostics plus <paramref name="expected"/>.</summary>
    public static Task AnalyzerAsync(string markup, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = markup };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    internal sealed class Test : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
    {
        private bool _withGenerators;

        public Test()
        {
            ReferenceAssemblies = Offline.None;
            Verify<EmptyDiagnosticAnalyzer>.Configure(TestState);
        }

        /// <summary>The project's <c>InterceptorsNamespaces</c> feature (default: the SDK's namespace, as the package sets it).</summary>
        public string? InterceptorsNamespaces { get; set; }

        /// <summary>Runs the SDK's generators first, as a build does; their diagnostics are expected like the analyzers'.</summary>
        public bool WithGenerators
        {
            get => _withGenerators;
            set
            {
                _withGenerators = value;
                if (value)
                {
                    TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
                }
            }
        }

        protected override ParseOptions CreateParseOptions() => InterceptorsNamespaces is null
            ? AnalyzerHarness.ParseOptions
            : AnalyzerHarness.ParseOptions.WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", InterceptorsNamespaces) });

        protected override IEnumerable<Type> GetSourceGenerators() => _withGenerators ? Offline.GeneratorTypes : Enumerable.Empty<Type>();

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AnalyzerHarness.AllAnalyzers();
    }
}

/// <summary>Picks the diagnostic a one-off fix applies to (<see cref="Verify{TAnalyzer, TCodeFix}.CodeFixOneAsync"/>).</summary>
public static class Pick
{
    /// <summary>The diagnostic with <paramref name="id"/> whose location covers exactly <paramref name="text"/> (in its file).</summary>
    public static Func<Diagnostic, bool> At(string id, string text) =>
        d => d.Id == id && d.Location.SourceTree is { } tree && tree.GetText().ToString(d.Location.SourceSpan) == text;
}
