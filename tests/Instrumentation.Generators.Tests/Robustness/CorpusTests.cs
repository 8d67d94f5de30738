using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Runs every corpus case through all generators. Each case must: not crash a generator (no
/// CS8784/CS8785/AD0001); leave no error or warning inside a generated file, even after an INS
/// diagnostic; intercept every real call of an annotated method (checked with
/// <c>SemanticModel.GetInterceptorMethod</c>) unless an INS diagnostic explains why; and never intercept
/// a call inside an expression tree. One class per category so xUnit runs categories in parallel.
/// </summary>
public static class Corpus
{
    private static readonly HashSet<string> AnnotationNames = new(System.StringComparer.Ordinal)
    {
        "OperationAttribute", "IngestAttribute", "BroadcastAttribute", "FlowAttribute", "FlowNodeAttribute", "FunnelEventAttribute", "InstrumentedOperationAttribute",
    };

    public static void Check(string name, string source)
    {
        var run = RobustRun.Of(CorpusCases.Usings + source);
        var context = name + "\n" + source + "\n" + run.Describe() + "\nuser errors:\n  " + string.Join("\n  ", run.UserCodeErrors);

        Assert.True(run.Crashes.Count == 0, "a generator threw: " + context);
        Assert.True(run.GeneratedCodeProblems.Count == 0, "generated code has errors or warnings: " + context);

        var explained = run.Ins.Count > 0;
        var missingImplementation = run.UserCodeErrors.Where(d => d.Id is "CS8795" or "CS9248").ToList();
        Assert.True(explained || missingImplementation.Count == 0, "a log method was left unimplemented without an INS diagnostic: " + context);

        var tree = run.Output.SyntaxTrees.First();
        var model = run.Output.GetSemanticModel(tree);
        var annotated = AnnotatedMethods(run.Output, tree);
        foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            var intercepted = model.GetInterceptorMethod(invocation) is not null;
            if (InExpressionTree(model, invocation))
            {
                Assert.False(intercepted, "a call inside an expression tree was intercepted (changes the tree): " + invocation + "\n" + context);
                continue;
            }

            if (intercepted || explained || run.UserCodeErrors.Count > 0)
            {
                continue;
            }

            if (model.GetSymbolInfo(invocation).Symbol is IMethodSymbol target && IsAnnotated(target, annotated) && !CompilerOmits(target, tree))
            {
                Assert.Fail("a call of an annotated method is neither intercepted nor explained by an INS diagnostic: " + invocation + "\n" + context);
            }
        }
    }

    /// <summary>
    /// A call of a <c>[Conditional]</c> method none of whose symbols is defined in the file (by the project or a
    /// <c>#define</c>): the compiler omits it, so there is nothing to intercept or explain.
    /// </summary>
    private static bool CompilerOmits(IMethodSymbol target, SyntaxTree tree)
    {
        var symbols = new List<string>();
        for (IMethodSymbol? method = target; method is not null; method = method.OverriddenMethod)
        {
            symbols.AddRange(method.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.ConditionalAttribute")
                .Select(a => (string)a.ConstructorArguments[0].Value!));
        }

        if (symbols.Count == 0)
        {
            return false;
        }

        var defined = new HashSet<string>(tree.Options.PreprocessorSymbolNames, System.StringComparer.Ordinal);
        foreach (var directive in tree.GetRoot().GetLeadingTrivia().Select(t => t.GetStructure()))
        {
            if (directive is DefineDirectiveTriviaSyntax define)
            {
                defined.Add(define.Name.ValueText);
            }
            else if (directive is UndefDirectiveTriviaSyntax undefine)
            {
                defined.Remove(undefine.Name.ValueText);
            }
        }

        return !symbols.Any(defined.Contains);
    }

    private static bool InExpressionTree(SemanticModel model, SyntaxNode node)
    {
        foreach (var lambda in node.Ancestors().OfType<LambdaExpressionSyntax>())
        {
            if (model.GetTypeInfo(lambda).ConvertedType is INamedTypeSymbol { Name: "Expression", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Linq.Expressions")
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAnnotation(ISymbol method) =>
        method.GetAttributes().Any(a =>
        {
            for (var type = a.AttributeClass; type is not null; type = type.BaseType)
            {
                if (AnnotationNames.Contains(type.Name) && type.ContainingNamespace?.ToDisplayString() == "Instrumentation")
                {
                    return true;
                }
            }

            return false;
        });

    private static List<IMethodSymbol> AnnotatedMethods(Compilation compilation, SyntaxTree tree)
    {
        var model = compilation.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Select(m => model.GetDeclaredSymbol(m))
            .OfType<IMethodSymbol>()
            .Where(HasAnnotation)
            .ToList();
    }

    /// <summary>The target, what it overrides or implements, or an override of it in this compilation, carries an operation attribute.</summary>
    private static bool IsAnnotated(IMethodSymbol target, List<IMethodSymbol> annotated)
    {
        var definition = (target.ReducedFrom ?? target).OriginalDefinition;
        for (var m = definition; m is not null; m = m.OverriddenMethod?.OriginalDefinition)
        {
            if (HasAnnotation(m))
            {
                return true;
            }
        }

        if (definition.ContainingType is { } type)
        {
            foreach (var iface in type.AllInterfaces)
            {
                foreach (var member in iface.GetMembers(definition.Name).OfType<IMethodSymbol>())
                {
                    if (HasAnnotation(member.OriginalDefinition)
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member)?.OriginalDefinition, definition))
                    {
                        return true;
                    }
                }
            }
        }

        // The attribute only on an override or an interface implementation, called through the base or interface member.
        return annotated.Any(m =>
        {
            for (var o = m.OverriddenMethod; o is not null; o = o.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(o.OriginalDefinition, definition))
                {
                    return true;
                }
            }

            if (m.ExplicitInterfaceImplementations.Any(e => SymbolEqualityComparer.Default.Equals(e.OriginalDefinition, definition)))
            {
                return true;
            }

            return definition.ContainingType is { TypeKind: TypeKind.Interface }
                && m.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(definition.Name).OfType<IMethodSymbol>())
                    .Any(member => SymbolEqualityComparer.Default.Equals(member.OriginalDefinition, definition)
                        && SymbolEqualityComparer.Default.Equals(m.ContainingType.FindImplementationForInterfaceMember(member)?.OriginalDefinition, m.OriginalDefinition));
        });
    }
}

public sealed class CorpusSizeTests
{
    [Fact]
    public void The_corpus_has_at_least_300_distinct_cases()
    {
        var all = CorpusCases.All().ToList();
        Assert.True(all.Count >= 300, "corpus has " + all.Count + " cases");
        Assert.Equal(all.Count, all.Select(c => c.Category + "/" + c.Name).Distinct().Count());
        Assert.Equal(all.Count, all.Select(c => c.Source).Distinct().Count());
    }
}

public sealed class CorpusArgumentTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("arguments");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusNamedArgumentTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("named");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusDeclarationTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("declarations");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusReturnTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("returns");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusParameterTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("parameters");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusNameTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("names");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusGenericTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("generics");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusCallTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("calls");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusBrokenCodeTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("broken");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusLoggingTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("logging");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusFunnelTests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("funnel");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}

public sealed class CorpusCSharp14Tests
{
    public static IEnumerable<object[]> Cases() => CorpusCases.Category("csharp14");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name, string source) => Corpus.Check(name, source);
}
