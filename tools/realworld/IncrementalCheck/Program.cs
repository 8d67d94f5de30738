// Incremental generation on a real library (issue 18 §3, on code we did not write): both generators over the sources
// of a library copy, then 40 seeded edits as an IDE makes them (a statement in a body, a comment, a new type, an
// attribute on an annotated method). Every incremental result must equal a cold run over the same compilation; the
// number of declarations each edit parsed again is printed. Exit code 1 when any edit differs.
//   dotnet run -c Release --project tools/realworld/IncrementalCheck -- <source folder> [SYMBOL ...]
using Basic.Reference.Assemblies;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

var root = args[0];
var parse = new CSharpParseOptions(LanguageVersion.Preview).WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated") })
    .WithPreprocessorSymbols(new[] { "NET", "NET8_0_OR_GREATER", "NET10_0_OR_GREATER" }.Concat(args.Skip(1)));
var refs = Net100.References.All.Cast<MetadataReference>()
    .Append(MetadataReference.CreateFromFile(typeof(Instrumentation.IngestAttribute).Assembly.Location))
    .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)).ToArray();
var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).OrderBy(f => f, StringComparer.Ordinal).ToList();
var compilation = CSharpCompilation.Create(Path.GetFileName(Path.GetFullPath(root).TrimEnd('/')), files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)), refs,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(new[] { new OperationGenerator().AsSourceGenerator(), new LogMethodGenerator().AsSourceGenerator() }, parseOptions: parse);
List<string> Out(GeneratorDriver d) { var r = d.GetRunResult(); return r.Results.SelectMany(x => x.GeneratedSources).Select(s => s.HintName + "\n" + s.SourceText).Concat(r.Diagnostics.Select(x => x.ToString())).OrderBy(s => s, StringComparer.Ordinal).ToList(); }
var driver = NewDriver().RunGenerators(compilation);
var first = Out(driver);
Console.WriteLine($"{files.Count} files; cold: {first.Count} outputs, {first.Sum(s => s.Length):N0} chars; errors in output compilation: " +
    driver.RunGeneratorsAndUpdateCompilation(compilation, out var built, out _).GetRunResult().Diagnostics.Length + " generator diagnostics, " +
    built.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error) + " compile errors");
foreach (var g in driver.GetRunResult().Diagnostics.Take(6)) Console.WriteLine("  gen: " + g.Severity + " " + g.Id + " " + g.GetMessage().Substring(0, Math.Min(100, g.GetMessage().Length)));
foreach (var d in built.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(4)) Console.WriteLine("  " + d);
var random = new Random(20261203);
int same = 0, differ = 0;
long parsedTotal = 0;
for (var i = 0; i < 40; i++)
{
    var tree = compilation.SyntaxTrees.ElementAt(random.Next(compilation.SyntaxTrees.Count()));
    var text = tree.GetText().ToString();
    var rootNode = tree.GetRoot();
    string edited; string kind;
    var bodies = rootNode.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax>().Where(b => b.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax).ToList();
    switch (i % 4)
    {
        case 0 when bodies.Count > 0: // a statement typed into a method body
            var b = bodies[random.Next(bodies.Count)];
            edited = text.Insert(b.OpenBraceToken.Span.End, " _ = 42; "); kind = "body"; break;
        case 1: edited = "// edited\n" + text; kind = "comment"; break;
        case 2: edited = text + "\nnamespace Added" + i + " { internal sealed class Added" + i + " { } }\n"; kind = "declaration"; break;
        default:
            var methods = rootNode.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Where(m => m.AttributeLists.Count > 0).ToList();
            if (methods.Count == 0) { edited = text + " "; kind = "whitespace"; break; }
            var m = methods[random.Next(methods.Count)];
            edited = text.Insert(m.SpanStart, "[System.Obsolete] "); kind = "attribute"; break;
    }
    var next = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(edited, parse, tree.FilePath));
    using var probe = GeneratorWorkProbeAccess.Start();
    driver = driver.RunGenerators(next);
    var parsed = GeneratorWorkProbeAccess.Declarations(probe);
    parsedTotal += parsed;
    var incremental = Out(driver);
    var cold = Out(NewDriver().RunGenerators(next));
    if (incremental.SequenceEqual(cold)) same++; else { differ++; Console.WriteLine($"DIFFER after {kind} edit of {Path.GetFileName(tree.FilePath)}"); }
    Console.WriteLine($"edit {i,2} {kind,-11} {Path.GetFileName(tree.FilePath),-40} parsed {parsed} declarations");
    compilation = next;
}
Console.WriteLine($"{same} edits equal to a cold run, {differ} differ; {parsedTotal} declarations parsed in all");
return differ == 0 ? 0 : 1;

static class GeneratorWorkProbeAccess
{
    // The probe is internal to the generator assembly: reached by reflection in this one-off check.
    static readonly Type T = typeof(OperationGenerator).Assembly.GetType("Instrumentation.Generators.Operations.GeneratorWorkProbe")!;
    public static IDisposable Start() => (IDisposable)T.GetMethod("Start")!.Invoke(null, null)!;
    public static int Declarations(IDisposable r) => ((IReadOnlyList<string>)r.GetType().GetProperty("Declarations")!.GetValue(r)!).Count;
}
