using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>Small helpers over <see cref="IOperation"/>.</summary>
internal static class OperationHelpers
{
    /// <summary>The operand under conversions (implicit ones, boxing, casts to <c>object</c>, array-to-span).</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IInterpolatedStringHandlerCreationOperation handler:
                    // string.Create(provider, $"…"), a handler parameter: the interpolated string it is made of.
                    operation = handler.Content;
                    continue;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The value under implicit conversions and casts to <c>object</c> (boxing); other casts stay, since they change the value's type.</summary>
    public static IOperation UnwrapBoxing(IOperation operation)
    {
        while (operation is IConversionOperation conversion
            && (conversion.IsImplicit || conversion.Type?.SpecialType == SpecialType.System_Object))
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>True when <paramref name="type"/> is <paramref name="expected"/> (by original definition).</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>The argument bound to the parameter named <paramref name="name"/> of a constructor, whatever the argument order.</summary>
    public static IArgumentOperation? Argument(this IObjectCreationOperation creation, string name) =>
        creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == name && a.ArgumentKind != ArgumentKind.DefaultValue);

    /// <summary>The argument bound to the parameter named <paramref name="name"/>, whatever the argument order.</summary>
    public static IArgumentOperation? Argument(this IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument;
            }
        }

        return null;
    }
}
