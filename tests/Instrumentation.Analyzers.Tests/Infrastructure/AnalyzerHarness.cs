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
/// </summary>
public static class AnalyzerHarness
{
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview)
        .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated") });

    public static readonly ImmutableArray<MetadataReference> References = Net100.References.All.Cast<MetadataReference>()
        .Concat(new[]
        {
            MetadataReference.CreateFromFile(typeof(Instrumentation.IngestAttribute).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
        })
        .ToImmutableArray();

    public static DiagnosticAnalyzer[] AllAnalyzers() => new DiagnosticAnalyzer[]
    {
        new MetricLabelAnalyzer(), new HandWrittenTagAnalyzer(), new PersonalDataAnalyzer(), new NamingAnalyzer(), new UninstrumentableCallAnalyzer(),
    };

    public static CSharpCompilation Compile(string source, string? interceptorsNamespaces = null) =>
        CSharpCompilation.Create(
            "AnalyzerTest",
            new[]
            {
                CSharpSyntaxTree.ParseText(
                    source,
                    interceptorsNamespaces is null ? ParseOptions : ParseOptions.WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", interceptorsNamespaces) }),
                    path: "/src/Test.cs"),
            },
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Analyzer diagnostics (ours only) of a source, with optional global options (MSBuild properties, editorconfig).</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string source, IReadOnlyDictionary<string, string>? globalOptions = null, string? editorconfig = null, string? interceptorsNamespaces = null)
    {
        var compilation = Compile(source, interceptorsNamespaces);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "test source does not compile:\n" + string.Join("\n", errors));
        if (editorconfig is not null)
        {
            compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new EditorConfigSeverities(editorconfig)));
        }

        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider(globalOptions ?? new Dictionary<string, string>()));
        var withAnalyzers = compilation.WithAnalyzers(AllAnalyzers().ToImmutableArray(), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics.Where(d => d.Id.StartsWith("INS", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>The generator's diagnostics (for code fixes of generator-reported ids such as INS0006).</summary>
    public static ImmutableArray<Diagnostic> GeneratorDiagnostics(string source)
    {
        var driver = CSharpGeneratorDriver.Create(new[] { new OperationGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(Compile(source), out _, out var diagnostics);
        return diagnostics;
    }

    /// <summary>The text under a diagnostic's location.</summary>
    public static string At(this Diagnostic diagnostic, string source) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    /// <summary>Applies the code action at <paramref name="actionIndex"/> for <paramref name="diagnostic"/> and returns the new source.</summary>
    public static async Task<string> ApplyFixAsync(string source, Diagnostic diagnostic, CodeFixProvider provider, int actionIndex = 0)
    {
        var (document, workspace) = CreateDocument(source);
        using (workspace)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await provider.RegisterCodeFixesAsync(context);
            Assert.True(actions.Count > actionIndex, "the fix offered " + actions.Count + " action(s)");
            return await ApplyAsync(document, actions[actionIndex]);
        }
    }

    /// <summary>Applies the provider's Fix All (document scope) for every analyzer diagnostic with <paramref name="id"/>.</summary>
    public static async Task<string> FixAllAsync(string source, string id, CodeFixProvider provider)
    {
        var (document, workspace) = CreateDocument(source);
        using (workspace)
        {
            var compilation = await document.Project.GetCompilationAsync();
            var all = await compilation!.WithAnalyzers(AllAnalyzers().ToImmutableArray()).GetAnalyzerDiagnosticsAsync();
            var diagnostics = all.Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
            Assert.True(diagnostics.Length > 1, "Fix All needs several diagnostics");
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None));
            var context = new FixAllContext(
                document,
                provider,
                FixAllScope.Document,
                actions[0].EquivalenceKey,
                new[] { id },
                new FixedDiagnostics(diagnostics),
                CancellationToken.None);
            var action = await provider.GetFixAllProvider()!.GetFixAsync(context);
            return await ApplyAsync(document, action!);
        }
    }

    private static async Task<string> ApplyAsync(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var text = await solution.GetDocument(document.Id)!.GetTextAsync();
        return text.ToString();
    }

    private static (Document Document, AdhocWorkspace Workspace) CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "AnalyzerTest",
            "AnalyzerTest",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: ParseOptions,
            metadataReferences: References));
        var document = workspace.AddDocument(DocumentInfo.Create(
            DocumentId.CreateNewId(project.Id),
            "Test.cs",
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Default)),
            filePath: "/src/Test.cs"));
        return (document, workspace);
    }

    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }

    private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global;

        public GlobalOptionsProvider(IReadOnlyDictionary<string, string> values) => _global = new Options(values.ToDictionary(p => p.Key, p => p.Value));

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());
            private readonly Dictionary<string, string> _values;

            public Options(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }

    /// <summary>Applies <c>dotnet_diagnostic.ID.severity</c> lines the way an .editorconfig does.</summary>
    private sealed class EditorConfigSeverities : SyntaxTreeOptionsProvider
    {
        private readonly ImmutableDictionary<string, ReportDiagnostic> _severities;

        public EditorConfigSeverities(string editorconfig)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
            foreach (var line in editorconfig.Split('\n'))
            {
                var parts = line.Split('=');
                if (parts.Length == 2 && parts[0].Trim().StartsWith("dotnet_diagnostic.", StringComparison.Ordinal))
                {
                    var id = parts[0].Trim().Split('.')[1];
                    builder[id] = parts[1].Trim() switch
                    {
                        "none" => ReportDiagnostic.Suppress,
                        "error" => ReportDiagnostic.Error,
                        "warning" => ReportDiagnostic.Warn,
                        "suggestion" => ReportDiagnostic.Info,
                        _ => ReportDiagnostic.Default,
                    };
                }
            }

            _severities = builder.ToImmutable();
        }

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            _severities.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            _severities.TryGetValue(diagnosticId, out severity);
    }
}
