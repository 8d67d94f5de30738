// Where a build's time on the SDK goes, for one real project (issue 18 §7): replays the project's own csc command line
// (a .rsp file of its arguments, taken from `dotnet build -v:d`) in process, runs the SDK's generators on it with step
// tracking, and prints the process CPU time of each part, cold (first round) and warm (later rounds):
//   the generators (per tracked step: the sum of each step's ElapsedTime), binding the compilation without and with the
//   generated files (GetDiagnostics), and emitting both.
//   dotnet run -c Release --project tools/realworld/GeneratorProfile -- <csc.rsp> [rounds] [--generators-only] [--steps]
// --generators-only: no binding or emitting of the compilation, for a profiler's trace of the generators alone;
// --steps: track the generators' steps and print each one's time (Roslyn's step recording is itself costly, so the
// generators' own CPU time is read without it); --compile=with or --compile=without: bind and emit only that one.
// The generators are the ones built in src/Generators (not the project's package), so a change can be measured before
// it is packed. The project's own analyzers are not run.
using System.Diagnostics;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

var rsp = args[0];
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var generatorsOnly = args.Contains("--generators-only");
var steps = args.Contains("--steps");
// --sources=<folder>: instead of running the generators, add the .cs files of a folder (e.g. generated files saved with
// EmitCompilerGeneratedFiles, edited by hand) as the "with generated" sources: what compiling one shape of them costs.
var extraSources = args.FirstOrDefault(arg => arg.StartsWith("--sources=", StringComparison.Ordinal))?.Substring("--sources=".Length);
var compileOnly = args.FirstOrDefault(arg => arg.StartsWith("--compile=", StringComparison.Ordinal))?.Substring("--compile=".Length);
var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(rsp))!;
var parsed = CSharpCommandLineParser.Default.Parse(new[] { "@" + Path.GetFullPath(rsp) }, baseDirectory, sdkDirectory: null);
foreach (var error in parsed.Errors.Take(5)) Console.WriteLine("rsp: " + error);
var trees = parsed.SourceFiles
    .Where(file => !file.Path.Contains("Instrumentation.Generators", StringComparison.Ordinal))
    .Select(file => CSharpSyntaxTree.ParseText(Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(file.Path), System.Text.Encoding.UTF8, Microsoft.CodeAnalysis.Text.SourceHashAlgorithm.Sha256), parsed.ParseOptions, file.Path))
    .ToList();
var references = parsed.MetadataReferences.Select(reference => (MetadataReference)MetadataReference.CreateFromFile(reference.Reference)).ToList();
var options = parsed.CompilationOptions.WithConcurrentBuild(true);
Console.WriteLine($"{trees.Count} sources, {references.Count} references, concurrent build {options.ConcurrentBuild}, {Environment.ProcessorCount} cores");

static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;
static string Ms(TimeSpan time) => $"{time.TotalMilliseconds,8:N0} ms";

for (var round = 1; round <= rounds; round++)
{
    var compilation = CSharpCompilation.Create(parsed.CompilationName, trees, references, options);
    GC.Collect();
    GeneratorDriver driver = CSharpGeneratorDriver.Create(
        new[] { new OperationGenerator().AsSourceGenerator(), new LogMethodGenerator().AsSourceGenerator() },
        parseOptions: (CSharpParseOptions)parsed.ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: steps));
    var cpu = Cpu();
    var wall = Stopwatch.StartNew();
    Compilation generated;
    var generatorDiagnostics = System.Collections.Immutable.ImmutableArray<Diagnostic>.Empty;
    if (extraSources is not null)
    {
        generated = compilation.AddSyntaxTrees(Directory.GetFiles(extraSources, "*.cs", SearchOption.AllDirectories).OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), (CSharpParseOptions)parsed.ParseOptions, path)));
    }
    else
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out generated, out generatorDiagnostics);
    }

    var generatorCpu = Cpu() - cpu;
    var generatorWall = wall.Elapsed;
    var result = driver.GetRunResult();
    Console.WriteLine($"round {round}: generators cpu {Ms(generatorCpu)} wall {Ms(generatorWall)}; {generatorDiagnostics.Length} generator diagnostics");
    foreach (var (generator, timing) in extraSources is null ? result.Results.Zip(driver.GetTimingInfo().GeneratorTimes) : Enumerable.Empty<(GeneratorRunResult First, GeneratorTimingInfo Second)>())
    {
        Console.WriteLine($"  {generator.Generator.GetGeneratorType().Name}: {Ms(timing.ElapsedTime)} (driver), {generator.GeneratedSources.Length} files, {generator.GeneratedSources.Sum(source => source.SourceText.Length):N0} chars");
        foreach (var step in generator.TrackedSteps.OrderByDescending(step => step.Value.Sum(run => run.ElapsedTime.Ticks)).Take(8))
        {
            Console.WriteLine($"    {step.Key,-28} {Ms(TimeSpan.FromTicks(step.Value.Sum(run => run.ElapsedTime.Ticks)))} over {step.Value.Length} runs");
        }
    }

    if (generatorsOnly)
    {
        continue;
    }

    foreach (var (name, subject) in new[] { ("without generated", (Compilation)compilation), ("with generated", generated) })
    {
        if (compileOnly is not null && !name.StartsWith(compileOnly + " ", StringComparison.Ordinal))
        {
            continue;
        }

        var fresh = subject.RemoveAllSyntaxTrees().AddSyntaxTrees(subject.SyntaxTrees);
        cpu = Cpu();
        wall.Restart();
        var errors = fresh.GetDiagnostics().Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        var bindCpu = Cpu() - cpu;
        var bindWall = wall.Elapsed;
        cpu = Cpu();
        wall.Restart();
        using var stream = new MemoryStream();
        var emitted = fresh.Emit(stream);
        Console.WriteLine($"  {name,-18}: bind cpu {Ms(bindCpu)} wall {Ms(bindWall)} ({errors} errors); emit (after bind) cpu {Ms(Cpu() - cpu)} wall {Ms(wall.Elapsed)}, {stream.Length:N0} B, ok {emitted.Success}");
    }
}
