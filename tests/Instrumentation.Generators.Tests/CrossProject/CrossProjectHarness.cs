using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>A class library compiled (optionally through the generator) to an image and a metadata reference.</summary>
public sealed record CompiledLibrary(string AssemblyName, byte[] Image, MetadataReference Reference, GeneratorRun? Run);

/// <summary>
/// Two compilations, as in a solution: a class library built first, then a consumer that references it
/// as metadata (not source) and runs the generator; both loaded together to run the generated code.
/// </summary>
public static class CrossProjectHarness
{
    // A collectible context whose managed object becomes unreachable starts unloading (its finalizer), even while
    // code loaded in it still runs and resolves the library: keep every context alive for the test run.
    private static readonly System.Collections.Concurrent.ConcurrentBag<AssemblyLoadContext> Contexts = new();

    /// <summary>A unique assembly name: generated sources, meters and instruments are process-wide.</summary>
    public static string UniqueName(string stem) => stem + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Compiles the library; with <paramref name="withGenerator"/> its own calls are intercepted too.</summary>
    public static CompiledLibrary BuildLibrary(string assemblyName, string source, bool withGenerator = true)
    {
        var compilation = GeneratorHarness.CompileAs(assemblyName, source);
        Compilation output = compilation;
        GeneratorRun? run = null;
        if (withGenerator)
        {
            run = GeneratorHarness.Run(new OperationGenerator(), compilation);
            output = run.Output;
        }

        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        Assert.True(result.Success, "library: " + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var image = stream.ToArray();
        return new CompiledLibrary(assemblyName, image, MetadataReference.CreateFromImage(image), run);
    }

    /// <summary>Compiles the consumer against the library's metadata and runs the generator over it.</summary>
    public static GeneratorRun BuildConsumer(string assemblyName, string source, params CompiledLibrary[] libraries) =>
        GeneratorHarness.Run(new OperationGenerator(), ConsumerCompilation(assemblyName, source, libraries));

    public static CSharpCompilation ConsumerCompilation(string assemblyName, string source, params CompiledLibrary[] libraries) =>
        GeneratorHarness.CompileAs(assemblyName, source).AddReferences(libraries.Select(l => l.Reference));

    /// <summary>Loads the consumer and its libraries into one collectible context (the SDK runtime is shared with the test).</summary>
    public static Assembly Load(GeneratorRun consumer, params CompiledLibrary[] libraries)
    {
        using var stream = new MemoryStream();
        var result = consumer.Output.Emit(stream);
        Assert.True(result.Success, "consumer: " + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var context = new LibraryContext(libraries);
        Contexts.Add(context);
        stream.Position = 0;
        return context.LoadFromStream(stream);
    }

    /// <summary>The interceptors the compiler bound to the calls of the consumer's own sources.</summary>
    public static List<IMethodSymbol> Interceptors(GeneratorRun consumer)
    {
        var found = new List<IMethodSymbol>();
        foreach (var tree in consumer.Input.SyntaxTrees)
        {
            var outputTree = consumer.Output.SyntaxTrees.Single(t => t.FilePath == tree.FilePath);
            var model = consumer.Output.GetSemanticModel(outputTree);
            foreach (var invocation in outputTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
            {
                if (model.GetInterceptorMethod(invocation) is { } interceptor)
                {
                    found.Add(interceptor);
                }
            }
        }

        return found;
    }

    private sealed class LibraryContext : AssemblyLoadContext
    {
        private readonly Dictionary<string, byte[]> _images;

        public LibraryContext(IEnumerable<CompiledLibrary> libraries)
            : base(Guid.NewGuid().ToString("N"), isCollectible: true)
        {
            _images = libraries.ToDictionary(l => l.AssemblyName, l => l.Image);
        }

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name is { } name && _images.TryGetValue(name, out var image)
                ? LoadFromStream(new MemoryStream(image))
                : null;
    }
}
