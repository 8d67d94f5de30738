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

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>The consumer's cross-project steps stay cacheable: models read from metadata are plain, equatable data.</summary>
public sealed class CrossProjectIncrementalTests
{
    private static readonly string[] Steps =
    {
        ReferencedTrackingNames.ReferencedCalls,
        ReferencedTrackingNames.ReferencedCallModels,
        ReferencedTrackingNames.AllReferencedCalls,
    };

    private const string Library = """
        using Instrumentation;
        namespace Lib;
        public static class Jobs
        {
            [Operation("job.run")]
            public static int Run(int x) => x * 2;
        }
        """;

    private const string Caller = """
        namespace App;
        public static class Caller
        {
            public static int Call() => Lib.Jobs.Run(1);
        }
        """;

    private const string Unrelated = """
        namespace App;
        public static class Unrelated
        {
            public static int Add(int a, int b) => a + b;
        }
        """;

    private static readonly Lazy<CompiledLibrary> Compiled = new(() => CrossProjectHarness.BuildLibrary("CacheLib", Library));

    [Fact]
    public void Unrelated_edit_in_the_consumer_leaves_the_cross_project_steps_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.CompileAs("App", Caller, Unrelated).AddReferences(Compiled.Value.Reference);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);

        driver = driver.RunGenerators(Replace(compilation, 1, Unrelated.Replace("a + b", "a + b + 1")));

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in Steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), "step " + step + " is tracked");
            Assert.All(result.TrackedSteps[step].SelectMany(r => r.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + " was " + output.Reason));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void A_new_call_of_a_referenced_operation_regenerates_the_output()
    {
        var compilation = GeneratorHarness.CompileAs("App", Caller, Unrelated).AddReferences(Compiled.Value.Reference);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == ReferencedOperationEmitter.HintName).SourceText.ToString();

        driver = driver.RunGenerators(Replace(compilation, 1, Unrelated.Replace("a + b", "a + Lib.Jobs.Run(b)")));

        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[ReferencedTrackingNames.ReferencedCallModels].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.New);
        Assert.Contains(result.TrackedSteps[ReferencedTrackingNames.AllReferencedCalls].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        var after = result.GeneratedSources.Single(s => s.HintName == ReferencedOperationEmitter.HintName).SourceText.ToString();
        Assert.NotEqual(before, after);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(after, "InterceptsLocation\\(").Count);
    }

    [Fact]
    public void Models_read_from_metadata_equal_across_two_compilations()
    {
        // Two separate compilations bind the library's metadata to different symbols; the models must still be equal.
        var first = GeneratorHarness.CreateDriver(new OperationGenerator())
            .RunGenerators(GeneratorHarness.CompileAs("App", Caller).AddReferences(Compiled.Value.Reference));
        var second = GeneratorHarness.CreateDriver(new OperationGenerator())
            .RunGenerators(GeneratorHarness.CompileAs("App", Caller).AddReferences(MetadataReference.CreateFromImage(Compiled.Value.Image)));

        object Model(GeneratorDriver driver) => driver.GetRunResult().Results.Single()
            .TrackedSteps[ReferencedTrackingNames.ReferencedCallModels].Single().Outputs.Single().Value;
        Assert.Equal(Model(first), Model(second));
    }

    [Fact]
    public void Cross_project_models_hold_no_Roslyn_objects()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(new[] { typeof(ReferencedCallModel), typeof(GeneratorSettings) });
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

        Assert.Contains(typeof(OperationModel), seen);
        Assert.Contains(typeof(Instrumentation.Generators.Funnel.FunnelMethodModel), seen);
        Assert.Contains(typeof(CallSiteModel), seen);
    }

    private static Compilation Replace(Compilation compilation, int index, string source)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: old.FilePath));
    }
}
