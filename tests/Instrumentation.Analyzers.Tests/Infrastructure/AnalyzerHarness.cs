using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Instrumentation.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs analyzers with <see cref="CompilationWithAnalyzers"/> and code fixes in an <see cref="AdhocWorkspace"/>,
/// against the .NET 10 reference assemblies and the SDK runtime (no Microsoft testing packages needed).
/// Sources are files (path → text); a single source is <c>/src/Test.cs</c>.
/// </summary>
public static class AnalyzerHarness
{
    public const string DefaultPath = "/src/Test.cs";

    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview)
        .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated") });

    public static readonly ImmutableArray<MetadataReference> References = Net100.References.All.Cast<MetadataReference>()
        .Concat(new[]
        {
            MetadataReference.CreateFromFile(typeof(Instrumentation.IngestAttribute).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Compliance.Classification.DataClassification).Assembly.Location),
        })
        .ToImmutableArray();

    private static readonly CSharpCompilationOptions CompilationOptions = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);

    public static DiagnosticAnalyzer[] AllAnalyzers() => new DiagnosticAnalyzer[]
    {
        new MetricLabelAnalyzer(), new HandWrittenTagAnalyzer(), new PersonalDataAnalyzer(), new NamingAnalyzer(), new UninstrumentableCallAnalyzer(), new GeneratedCallAnalyzer(), new Contract.TelemetryContractAnalyzer(), new ParameterRoleAnalyzer(),
    };

    public static (string Path, string Source)[] Single(string source) => new[] { (DefaultPath, source) };

    public static CSharpCompilation Compile(string source, string? interceptorsNamespaces = null) => Compile(Single(source), interceptorsNamespaces);

    public static CSharpCompilation Compile(IReadOnlyList<(string Path, string Source)> files, string? interceptorsNamespaces = null)
    {
        var parseOptions = interceptorsNamespaces is null
            ? ParseOptions
            : ParseOptions.WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", interceptorsNamespaces) });
        return CSharpCompilation.Create(
            "AnalyzerTest",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, parseOptions, path: f.Path)),
            References,
            CompilationOptions);
    }

    /// <summary>Analyzer diagnostics (ours only) of a source, with optional global options (MSBuild properties) and an .editorconfig.</summary>
    public static Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(
        string source,
        IReadOnlyDictionary<string, string>? globalOptions = null,
        string? editorconfig = null,
        string? interceptorsNamespaces = null,
        bool reportSuppressed = false) =>
        DiagnosticsAsync(Single(source), globalOptions, editorconfig, interceptorsNamespaces, reportSuppressed);

    /// <summary>
    /// Analyzer diagnostics of several files. <paramref name="editorconfig"/> is parsed by Roslyn's own
    /// <see cref="AnalyzerConfigSet"/> as <c>/src/.editorconfig</c>, so section globs select files as in a build, and
    /// its <c>dotnet_diagnostic.ID.severity</c> entries reach the compilation per tree (SyntaxTreeOptionsProvider) and
    /// its other keys reach analyzers (AnalyzerConfigOptionsProvider).
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(
        IReadOnlyList<(string Path, string Source)> files,
        IReadOnlyDictionary<string, string>? globalOptions = null,
        string? editorconfig = null,
        string? interceptorsNamespaces = null,
        bool reportSuppressed = false,
        IReadOnlyList<(string Path, string Text)>? additionalFiles = null)
    {
        var compilation = Compile(files, interceptorsNamespaces);
        AssertNoErrors(compilation, "test source");
        var configs = EditorConfigOptions.Create(compilation, editorconfig, globalOptions);
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(configs.TreeOptions));
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions((additionalFiles ?? Array.Empty<(string Path, string Text)>()).Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray(), configs.AnalyzerOptions),
            onAnalyzerException: (exception, analyzer, _) => throw new InvalidOperationException(analyzer + " threw", exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: reportSuppressed);
        var withAnalyzers = compilation.WithAnalyzers(AllAnalyzers().ToImmutableArray(), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Where(d => d.Id.StartsWith("INS", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>Generator and analyzer diagnostics of the whole chain, as a build reports them (generated trees included).</summary>
    public static async Task<ImmutableArray<Diagnostic>> BuildDiagnosticsAsync(string source)
    {
        var driver = CSharpGeneratorDriver.Create(GeneratorsForTests(), parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(Compile(source), out var generated, out var generatorDiagnostics);
        var analyzerDiagnostics = await generated.WithAnalyzers(AllAnalyzers().ToImmutableArray()).GetAnalyzerDiagnosticsAsync();
        return generatorDiagnostics.Concat(analyzerDiagnostics).Concat(generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>The generator's diagnostics (for code fixes of generator-reported ids such as INS0006).</summary>
    public static ImmutableArray<Diagnostic> GeneratorDiagnostics(string source) => GeneratorDiagnostics(Single(source));

    public static ImmutableArray<Diagnostic> GeneratorDiagnostics(IReadOnlyList<(string Path, string Source)> files)
    {
        var driver = CSharpGeneratorDriver.Create(new[] { new OperationGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(Compile(files), out _, out var diagnostics);
        return diagnostics;
    }

    /// <summary>Every generator of the SDK (operations, logs, funnel), as the package runs them.</summary>
    public static ISourceGenerator[] GeneratorsForTests() =>
        typeof(OperationGenerator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t))
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToArray();

    public static void AssertNoErrors(Compilation compilation, string what)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, what + " does not compile:\n" + string.Join("\n", errors));
    }

    /// <summary>Asserts that a (fixed) source compiles, then returns its analyzer diagnostics.</summary>
    public static Task<ImmutableArray<Diagnostic>> CompileAndAnalyzeAsync(string source) => DiagnosticsAsync(source);

    /// <summary>The text under a diagnostic's location.</summary>
    public static string At(this Diagnostic diagnostic, string source) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    /// <summary>The text under a location.</summary>
    public static string At(this Location location, string source) =>
        source.Substring(location.SourceSpan.Start, location.SourceSpan.Length);

    /// <summary>1-based line and column of a diagnostic.</summary>
    public static (int Line, int Column) LineColumn(this Diagnostic diagnostic)
    {
        var position = diagnostic.Location.GetLineSpan().StartLinePosition;
        return (position.Line + 1, position.Character + 1);
    }

    /// <summary>The titles of the code actions a provider offers for a diagnostic.</summary>
    public static async Task<IReadOnlyList<string>> ActionTitlesAsync(string source, Diagnostic diagnostic, CodeFixProvider provider)
    {
        var (workspace, project) = CreateProject(Single(source));
        using (workspace)
        {
            var (document, equivalent) = await FindInWorkspaceAsync(project, diagnostic);
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, equivalent, (action, _) => actions.Add(action), CancellationToken.None));
            return actions.Select(a => a.Title).ToList();
        }
    }

    /// <summary>Applies the code action at <paramref name="actionIndex"/> for <paramref name="diagnostic"/> and returns the new source.</summary>
    public static async Task<string> ApplyFixAsync(string source, Diagnostic diagnostic, CodeFixProvider provider, int actionIndex = 0) =>
        (await ApplyFixAsync(Single(source), diagnostic, provider, actionIndex))[DefaultPath];

    /// <summary>Applies a fix in a workspace of several files and returns every file's new text (path → text).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ApplyFixAsync(IReadOnlyList<(string Path, string Source)> files, Diagnostic diagnostic, CodeFixProvider provider, int actionIndex = 0)
    {
        var (workspace, project) = CreateProject(files);
        using (workspace)
        {
            var (document, equivalent) = await FindInWorkspaceAsync(project, diagnostic);
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, equivalent, (action, _) => actions.Add(action), CancellationToken.None));
            Assert.True(actions.Count > actionIndex, "the fix offered " + actions.Count + " action(s): " + string.Join(" | ", actions.Select(a => a.Title)));
            return await ApplyAsync(project.Solution, actions[actionIndex]);
        }
    }

    /// <summary>Applies the provider's Fix All (document scope) for every diagnostic with <paramref name="id"/>, using action <paramref name="actionIndex"/>'s equivalence key.</summary>
    public static async Task<string> FixAllAsync(string source, string id, CodeFixProvider provider, int actionIndex = 0)
    {
        var (workspace, project) = CreateProject(Single(source));
        using (workspace)
        {
            var document = project.Documents.Single();
            var diagnostics = (await WorkspaceDiagnosticsAsync(project, id)).Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
            Assert.True(diagnostics.Length > 1, "Fix All needs several diagnostics");
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None));
            var context = new FixAllContext(
                document,
                provider,
                FixAllScope.Document,
                actions[actionIndex].EquivalenceKey,
                new[] { id },
                new FixedDiagnostics(diagnostics),
                CancellationToken.None);
            var action = await provider.GetFixAllProvider()!.GetFixAsync(context);
            return (await ApplyAsync(project.Solution, action!))[DefaultPath];
        }
    }

    /// <summary>
    /// Fix All as <c>dotnet format analyzers --diagnostics id</c> runs it: solution scope (or <paramref name="scope"/>),
    /// with the equivalence key of the first action offered for the first diagnostic (none when no fix is offered there).
    /// Null when the provider returns no Fix All action.
    /// </summary>
    public static Task<string?> FixAllLikeDotnetFormatAsync(string source, string id, CodeFixProvider provider, FixAllScope scope = FixAllScope.Solution) =>
        FixAllInScopeAsync(source, id, provider, scope, actions => actions.FirstOrDefault()?.EquivalenceKey);

    /// <summary>
    /// Fix All asked with no equivalence key, whatever the first diagnostic offers (as <c>dotnet format</c> asks when no fix
    /// is offered for its first diagnostic). Null when the provider returns no Fix All action.
    /// </summary>
    public static Task<string?> FixAllWithoutKeyAsync(string source, string id, CodeFixProvider provider, FixAllScope scope) =>
        FixAllInScopeAsync(source, id, provider, scope, _ => null);

    private static async Task<string?> FixAllInScopeAsync(string source, string id, CodeFixProvider provider, FixAllScope scope, Func<IReadOnlyList<CodeAction>, string?> key)
    {
        var (workspace, project) = CreateProject(Single(source));
        using (workspace)
        {
            var document = project.Documents.Single();
            var diagnostics = (await WorkspaceDiagnosticsAsync(project, id)).Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None));
            var context = new FixAllContext(
                document,
                provider,
                scope,
                key(actions)!,
                new[] { id },
                new FixedDiagnostics(diagnostics),
                CancellationToken.None);
            var action = await provider.GetFixAllProvider()!.GetFixAsync(context);
            return action is null ? null : (await ApplyAsync(project.Solution, action))[DefaultPath];
        }
    }

    private static async Task<(Document Document, Diagnostic Diagnostic)> FindInWorkspaceAsync(Project project, Diagnostic diagnostic)
    {
        var all = await WorkspaceDiagnosticsAsync(project, diagnostic.Id);
        var equivalent = all.FirstOrDefault(d => d.Id == diagnostic.Id && d.Location.SourceSpan == diagnostic.Location.SourceSpan
            && d.Location.SourceTree?.FilePath == diagnostic.Location.SourceTree?.FilePath);
        Assert.True(equivalent is not null, "the workspace does not report " + diagnostic);
        var document = project.Solution.GetDocument(equivalent!.Location.SourceTree)!;
        return (document, equivalent);
    }

    private static async Task<ImmutableArray<Diagnostic>> WorkspaceDiagnosticsAsync(Project project, string id)
    {
        var compilation = (await project.GetCompilationAsync())!;
        if (id.StartsWith("INS0", StringComparison.Ordinal))
        {
            var driver = CSharpGeneratorDriver.Create(GeneratorsForTests(), parseOptions: ParseOptions);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out var generatorDiagnostics);
            return generatorDiagnostics;
        }

        return await compilation.WithAnalyzers(AllAnalyzers().ToImmutableArray()).GetAnalyzerDiagnosticsAsync();
    }

    private static async Task<IReadOnlyDictionary<string, string>> ApplyAsync(Solution original, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var texts = new Dictionary<string, string>();
        foreach (var document in original.Projects.Single().Documents)
        {
            texts[document.FilePath!] = (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
        }

        return texts;
    }

    private static (AdhocWorkspace Workspace, Project Project) CreateProject(IReadOnlyList<(string Path, string Source)> files)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "AnalyzerTest",
            "AnalyzerTest",
            LanguageNames.CSharp,
            compilationOptions: CompilationOptions,
            parseOptions: ParseOptions,
            metadataReferences: References));
        foreach (var (path, source) in files)
        {
            workspace.AddDocument(DocumentInfo.Create(
                DocumentId.CreateNewId(project.Id),
                System.IO.Path.GetFileName(path),
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Default)),
                filePath: path));
        }

        return (workspace, workspace.CurrentSolution.GetProject(project.Id)!);
    }

    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }

    /// <summary>An additional file (such as Telemetry.Shipped.txt) held in memory.</summary>
    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
