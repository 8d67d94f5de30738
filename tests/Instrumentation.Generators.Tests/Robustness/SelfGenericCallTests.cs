using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A generic method that calls itself with its own type parameter (AngleSharp's recursive
/// <c>NodeExtensions.FindDescendant&lt;TNode&gt;(this INode parent, int maxDepth)</c>, found by the real-world sweep of
/// 2026-12-05): the compiler matches no interceptor to such a call (CS9144, an error in the generated file, so the SDK broke
/// the library's build). The call is left as written and reported (INS0024, Info); the calls from outside are instrumented
/// and the method returns what it returns without the SDK.
/// </summary>
public sealed class SelfGenericCallTests
{
    private const string Source = """
        using System.Collections.Generic;
        using Instrumentation;
        namespace SelfGeneric;

        public interface INode { INode[] Children { get; } }
        public class Node : INode { public INode[] Children { get; set; } = new INode[0]; }
        public sealed class Title : Node { }

        public static class Tree
        {
            [Operation("tree.find")]
            public static TNode? Find<TNode>(this INode parent, int depth = 8) where TNode : class, INode
            {
                if (depth < 0) return null;
                foreach (var child in parent.Children)
                {
                    var hit = child as TNode ?? child.Find<TNode>(depth - 1);
                    if (hit is not null) return hit;
                }

                return null;
            }

            [Operation("tree.nest")]
            public static int Nest<T>(T value, int n) => n == 0 ? 0 : 1 + Nest<List<T>>(new List<T> { value }, n - 1);

            [Operation("tree.same")]
            public static T Same<T>(T value) where T : class => value;

            public static U Forward<U>(U value) where U : class => Same(value);
        }

        public static class Program
        {
            public static string Run()
            {
                var root = new Node { Children = new INode[] { new Node { Children = new INode[] { new Node(), new Title() } } } };
                var found = root.Find<Title>() is Title;
                var missing = root.Find<Title>(0) is null; // Title is two levels down
                var depth = Tree.Nest("x", 3);
                var same = Tree.Forward("y");
                return $"{found} {missing} {depth} {same}";
            }
        }
        """;

    [Fact]
    public void A_recursive_call_with_the_methods_own_type_parameter_is_INS0024_and_left_alone_and_outer_calls_are_instrumented()
    {
        var assemblyName = CrossProjectHarness.UniqueName("SelfGeneric");
        var plain = GeneratorHarness.CompileAs(assemblyName + "Plain", Source);
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));

        Assert.Empty(run.Problems);
        var diagnostics = run.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(new[] { "INS0024", "INS0024" }, diagnostics.Select(d => d.Id));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Equal(
            new[] { "child.Find<TNode>(depth - 1)", "Nest<List<T>>(new List<T> { value }, n - 1)" },
            diagnostics.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)));
        Assert.Contains("passes the method's own type parameter 'TNode' as a type argument", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("own type parameter 'T'", diagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // The two Find calls, Nest and Same (called with the caller's type parameter U, which the compiler matches) are.
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(run.GeneratedSources[OperationEmitter.HintName], @"\[__InterceptsLocation\(").Count);

        var expected = Invoke(GeneratorHarness.Load(plain));
        Assert.Equal("True True 3 y", expected);
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(expected, Invoke(run.Load()));
        Assert.Equal(
            new[] { "tree.find 2", "tree.nest 1", "tree.same 1" },
            recorder.Spans.GroupBy(s => s.OperationName).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " " + g.Count()));
    }

    private static string Invoke(System.Reflection.Assembly assembly) =>
        (string)assembly.GetType("SelfGeneric.Program")!.GetMethod("Run")!.Invoke(null, null)!;
}
