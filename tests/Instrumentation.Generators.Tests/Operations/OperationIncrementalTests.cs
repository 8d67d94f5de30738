using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>Incremental caching (SPEC §4): unrelated edits regenerate nothing; annotated edits do.</summary>
public sealed class OperationIncrementalTests
{
    // Steps that see input in this compilation (attribute steps with no match are not reported at all).
    private static readonly string[] TrackedSteps = { "IngestOperations", "AllOperations", "CallSites", "AllCallSites", "CalledOperations", "Settings" };

    private const string Unrelated = """
        namespace Demo;
        public static class Unrelated
        {
            public static int Add(int a, int b) => a + b;
        }
        """;

    [Fact]
    public void Unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compile(OperationSources.Ingest, Unrelated);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);

        var edited = ReplaceTree(compilation, 1, Unrelated.Replace("a + b", "a + b + 1"));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), "step " + step + " is tracked");
            foreach (var run in result.TrackedSteps[step])
            {
                foreach (var output in run.Outputs)
                {
                    Assert.True(
                        output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        step + " was " + output.Reason);
                }
            }
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void The_set_of_called_operations_changes_only_when_the_first_or_last_call_of_one_does()
    {
        // INS0027 reads which operations some call binds to: a second call of a called operation leaves that set unchanged,
        // removing every call of it changes it.
        var compilation = GeneratorHarness.Compile(OperationSources.Ingest, Unrelated);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);
        const string SecondCall = "public static int Again(Ingestor i) => i.Receive(new TenantContext(\"o\", \"p\"), new double[1], Sensor.Temperature, 2, \"m2\");";

        driver = driver.RunGenerators(ReplaceTree(compilation, 0, OperationSources.Ingest.Replace("public static class Caller\n{", "public static class Caller\n{\n    " + SecondCall, System.StringComparison.Ordinal)));
        var again = driver.GetRunResult().Results.Single();
        Assert.Contains(again.TrackedSteps["AllCallSites"].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(again.TrackedSteps["CalledOperations"].SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));

        var withoutCalls = OperationSources.Ingest.Replace("ingestor.Receive(new TenantContext(\"o\", \"p\"), new double[1], Sensor.Temperature, 1, \"m1\")", "0", System.StringComparison.Ordinal);
        driver = driver.RunGenerators(ReplaceTree(compilation, 0, withoutCalls));
        var none = driver.GetRunResult().Results.Single();
        Assert.Contains(none.TrackedSteps["CalledOperations"].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Editing_an_annotated_method_regenerates_the_output()
    {
        var compilation = GeneratorHarness.Compile(OperationSources.Ingest, Unrelated);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);

        var edited = ReplaceTree(compilation, 0, OperationSources.Ingest.Replace("\"ws.ingest.receive\"", "\"ws.ingest.accept\""));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps["IngestOperations"].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("ws.ingest.accept", result.GeneratedSources.Single(s => s.HintName == OperationEmitter.HintName).SourceText.ToString());
    }

    [Fact]
    public void Models_that_reach_emission_hold_no_symbols_syntax_locations_or_compilations()
    {
        // Parse results also carry diagnostics with real source locations (so that #pragma and
        // .editorconfig apply to them); those feed only the diagnostics outputs, never emission.
        var emissionInputs = new[]
        {
            typeof(OperationModel), typeof(CallSiteModel), typeof(GeneratorSettings),
            typeof(Instrumentation.Generators.Funnel.FunnelMethodModel), typeof(Instrumentation.Generators.Logging.LogMethodModel),
        };
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(emissionInputs);
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                continue;
            }

            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), type + " is a Roslyn object");
            Assert.False(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>), type + " has reference equality");
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                pending.Enqueue(field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType);
                foreach (var argument in field.FieldType.GetGenericArguments())
                {
                    pending.Enqueue(argument);
                }
            }
        }

        Assert.Contains(typeof(ParameterModel), seen);
        Assert.Contains(typeof(InterceptorSignature), seen);
        Assert.Contains(typeof(Instrumentation.Generators.Funnel.FunnelEventModel), seen);
    }

    [Fact]
    public void Moving_an_annotated_method_within_its_file_leaves_the_operation_models_cached()
    {
        var compilation = GeneratorHarness.Compile(OperationSources.Ingest, Unrelated);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);

        // Blank lines above the annotated method move it (and its diagnostics), not its model.
        var edited = ReplaceTree(compilation, 0, OperationSources.Ingest.Replace("namespace Demo;", "namespace Demo;\n\n\n"));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in new[] { "AllOperations", "Settings" })
        {
            Assert.All(result.TrackedSteps[step].SelectMany(r => r.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + " was " + output.Reason));
        }
    }

    private static CSharpCompilation ReplaceTree(CSharpCompilation compilation, int index, string source)
    {
        var old = compilation.SyntaxTrees[index];
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, old.FilePath));
    }
}
