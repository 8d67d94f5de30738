using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>One key/value tag and the syntax a diagnostic about it points at.</summary>
internal readonly struct MetricTag
{
    public MetricTag(IOperation key, IOperation value, SyntaxNode site)
    {
        Key = key;
        Value = value;
        Site = site;
    }

    /// <summary>The key expression.</summary>
    public IOperation Key { get; }

    /// <summary>The value expression, as written.</summary>
    public IOperation Value { get; }

    /// <summary>The <c>KeyValuePair</c> creation, <c>KeyValuePair.Create</c> call or <c>TagList</c> entry.</summary>
    public SyntaxNode Site { get; }

    /// <summary>The key when it is a constant string, else null.</summary>
    public string? ConstantKey => OperationHelpers.Unwrap(Key).ConstantValue is { HasValue: true, Value: string key } ? key : null;
}

/// <summary>The tags found for one measurement, and whether some could not be seen.</summary>
internal sealed class TagSet
{
    public List<MetricTag> Tags { get; } = new();

    /// <summary>True when a tag container could not be followed (a method result, a parameter, a local written twice).</summary>
    public bool Opaque { get; set; }
}

/// <summary>
/// Finds the tags of hand-written <c>System.Diagnostics.Metrics</c> measurements: <c>KeyValuePair</c>
/// arguments (inline or <c>KeyValuePair.Create</c>), <c>params</c>, arrays, spans and collection expressions
/// of them, locals holding any of those (single assignment), <c>TagList</c> entries and <c>Measurement&lt;T&gt;</c> tags.
/// </summary>
internal static class MetricTags
{
    private const int MaxDepth = 4;

    /// <summary><c>Counter&lt;T&gt;.Add</c>, <c>UpDownCounter&lt;T&gt;.Add</c>, <c>Histogram&lt;T&gt;.Record</c>, <c>Gauge&lt;T&gt;.Record</c>.</summary>
    public static bool IsRecording(IMethodSymbol method, KnownSymbols symbols)
    {
        var container = method.ContainingType;
        return (method.Name == "Add" && (OperationHelpers.Is(container, symbols.Counter) || OperationHelpers.Is(container, symbols.UpDownCounter)))
            || (method.Name == "Record" && (OperationHelpers.Is(container, symbols.Histogram) || OperationHelpers.Is(container, symbols.Gauge)));
    }

    /// <summary><c>TagList.Add</c>.</summary>
    public static bool IsTagListAdd(IMethodSymbol method, KnownSymbols symbols) =>
        method.Name == "Add" && OperationHelpers.Is(method.ContainingType, symbols.TagList);

    /// <summary>Tags of a recording (every argument after the measured value) or of a <c>TagList.Add</c>.</summary>
    public static void OfInvocation(IInvocationOperation invocation, KnownSymbols symbols, TagSet into, bool followTagLists, CancellationToken cancellationToken)
    {
        if (IsTagListAdd(invocation.TargetMethod, symbols))
        {
            var key = invocation.Argument("key");
            var value = invocation.Argument("value");
            if (key is not null && value is not null)
            {
                into.Tags.Add(new MetricTag(key.Value, value.Value, invocation.Syntax));
                return;
            }

            foreach (var argument in invocation.Arguments)
            {
                FromContainer(argument.Value, symbols, into, followTagLists, 0, cancellationToken);
            }

            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Ordinal: > 0 } && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                FromContainer(argument.Value, symbols, into, followTagLists, 0, cancellationToken);
            }
        }
    }

    /// <summary>Tags of <c>new Measurement&lt;T&gt;(value, tags)</c> or <c>new TagList(tags)</c>.</summary>
    public static void OfCreation(IObjectCreationOperation creation, KnownSymbols symbols, TagSet into, bool followTagLists, CancellationToken cancellationToken)
    {
        var isMeasurement = OperationHelpers.Is(creation.Type, symbols.Measurement);
        if (!isMeasurement && !OperationHelpers.Is(creation.Type, symbols.TagList))
        {
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            if ((!isMeasurement || argument.Parameter is { Ordinal: > 0 }) && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                FromContainer(argument.Value, symbols, into, followTagLists, 0, cancellationToken);
            }
        }
    }

    /// <summary>Tags held by a value: a pair, an array/span/collection of pairs, a local holding one.</summary>
    public static void FromContainer(IOperation value, KnownSymbols symbols, TagSet into, bool followTagLists, int depth, CancellationToken cancellationToken)
    {
        value = OperationHelpers.Unwrap(value);
        if (OperationHelpers.Is(value.Type, symbols.TagList))
        {
            // TagList entries are reported where they are added; label sets follow them on request.
            if (followTagLists)
            {
                FromTagList(value, symbols, into, cancellationToken);
            }

            return;
        }

        switch (value)
        {
            case IObjectCreationOperation creation when OperationHelpers.Is(creation.Type, symbols.KeyValuePair) && creation.Arguments.Length == 2:
                into.Tags.Add(new MetricTag(creation.Arguments[0].Value, creation.Arguments[1].Value, creation.Syntax));
                break;
            case IInvocationOperation { TargetMethod.Name: "Create", Arguments.Length: 2 } create
                when symbols.KeyValuePairFactory is not null && SymbolEqualityComparer.Default.Equals(create.TargetMethod.ContainingType, symbols.KeyValuePairFactory):
                into.Tags.Add(new MetricTag(create.Arguments[0].Value, create.Arguments[1].Value, create.Syntax));
                break;
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    FromContainer(element, symbols, into, followTagLists, depth, cancellationToken);
                }

                break;
            case IArrayInitializerOperation arrayInitializer:
                foreach (var element in arrayInitializer.ElementValues)
                {
                    FromContainer(element, symbols, into, followTagLists, depth, cancellationToken);
                }

                break;
            case ICollectionExpressionOperation collection:
                foreach (var element in collection.Elements)
                {
                    FromContainer(element is ISpreadOperation spread ? spread.Operand : element, symbols, into, followTagLists, depth, cancellationToken);
                }

                break;
            case IObjectCreationOperation creation:
                // A tag collection built where it is passed: new ActivityTagsCollection { ["k"] = v }, new Dictionary<string,
                // object?> { { "k", v } }, new List<KeyValuePair<string, object?>> { new("k", v) } (a stranger's span event
                // carried a classified e-mail in one, with no diagnostic).
                var followed = 0;
                foreach (var argument in creation.Arguments)
                {
                    // Another collection it starts from (not a capacity or a comparer).
                    if (argument.Value.Type is { } argumentType && argumentType.SpecialType != SpecialType.System_String
                        && (argumentType.Name == "IEnumerable" || argumentType.AllInterfaces.Any(i => i.Name == "IEnumerable")))
                    {
                        followed++;
                        FromContainer(argument.Value, symbols, into, followTagLists, depth + 1, cancellationToken);
                    }
                }

                // What else a type of the app's puts in itself, or a constructor given no collection, is not seen.
                if (creation.Initializer is null && followed == 0
                    && !(creation.Arguments.Length == 0 && creation.Type is { } created && PersonalDataAnalyzer.IsFramework(created)))
                {
                    into.Opaque = true;
                }

                foreach (var entry in creation.Initializer?.Initializers ?? System.Collections.Immutable.ImmutableArray<IOperation>.Empty)
                {
                    switch (entry)
                    {
                        case IInvocationOperation { Arguments.Length: 2 } add:
                            into.Tags.Add(new MetricTag(add.Arguments[0].Value, add.Arguments[1].Value, add.Syntax));
                            break;
                        case IInvocationOperation { Arguments.Length: 1 } add:
                            FromContainer(add.Arguments[0].Value, symbols, into, followTagLists, depth + 1, cancellationToken);
                            break;
                        case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer } assignment:
                            into.Tags.Add(new MetricTag(indexer.Arguments[0].Value, assignment.Value, assignment.Syntax));
                            break;
                        default:
                            into.Opaque = true;
                            break;
                    }
                }

                break;
            case ILocalReferenceOperation local when depth < MaxDepth:
                var written = LocalValues.SingleWrite(local.Local, local.SemanticModel, cancellationToken);
                if (written is null)
                {
                    into.Opaque = true;
                }
                else
                {
                    FromContainer(written, symbols, into, followTagLists, depth + 1, cancellationToken);
                }

                break;
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field } when depth < MaxDepth && ReadonlyFieldValue(field, value.SemanticModel, cancellationToken) is { } initial:
                // static readonly KeyValuePair<string, object?>[] Tags = { ... } declared in the same file.
                FromContainer(initial, symbols, into, followTagLists, depth + 1, cancellationToken);
                break;
            case IDefaultValueOperation:
            case ILiteralOperation:
                break;
            default:
                into.Opaque = true;
                break;
        }
    }

    private static IOperation? ReadonlyFieldValue(IFieldSymbol field, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (model is null || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
            || declarator.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(initializer, cancellationToken);
    }

    /// <summary>The entries of a TagList value: its creation (constructor and initializer) and, for a local, the <c>Add</c> calls on it.</summary>
    private static void FromTagList(IOperation value, KnownSymbols symbols, TagSet into, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case IObjectCreationOperation creation:
                OfCreation(creation, symbols, into, followTagLists: true, cancellationToken);
                if (creation.Initializer is { } initializer)
                {
                    foreach (var element in initializer.Initializers)
                    {
                        if (element is IInvocationOperation add)
                        {
                            OfInvocation(add, symbols, into, followTagLists: true, cancellationToken);
                        }
                    }
                }

                break;
            case IDefaultValueOperation:
                break;
            case ILocalReferenceOperation local when local.SemanticModel is { } model:
                FromTagListLocal(local.Local, model, symbols, into, cancellationToken);
                break;
            default:
                into.Opaque = true;
                break;
        }
    }

    private static void FromTagListLocal(ILocalSymbol local, SemanticModel model, KnownSymbols symbols, TagSet into, CancellationToken cancellationToken)
    {
        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
            || declarator.SyntaxTree != model.SyntaxTree
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { Parent: { } scope })
        {
            into.Opaque = true;
            return;
        }

        if (declarator.Initializer is { } initializer && model.GetOperation(initializer.Value, cancellationToken) is { } initial)
        {
            FromTagList(OperationHelpers.Unwrap(initial), symbols, into, cancellationToken);
        }

        var name = declarator.Identifier.ValueText;
        foreach (var node in scope.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: "Add" } } call
                && target.Identifier.ValueText == name
                && model.GetOperation(call, cancellationToken) is IInvocationOperation add
                && IsTagListAdd(add.TargetMethod, symbols))
            {
                OfInvocation(add, symbols, into, followTagLists: true, cancellationToken);
            }
            else if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax assigned } && assigned.Identifier.ValueText == name)
            {
                into.Opaque = true;
            }
        }
    }
}
