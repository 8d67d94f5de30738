using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// A classified value passed to an operation's parameter that is neither classified nor a sink of its own
/// (<c>Outer([PersonalData] string name) =&gt; Inner(name)</c>, <c>[Operation] Inner(string key)</c>): when the inner call
/// fails with a message that quotes it — .NET's own messages quote arguments (<c>The given key 'Ada Lovelace' was not
/// present in the dictionary.</c>) — the inner operation's span and failure log record that message before the outer
/// operation, which knows the value is classified, sees the exception. A stranger's leak hunt found the name in clear
/// there. A failed operation keeps the text of its own classified arguments only, so the inner parameter must say so:
/// INS1010 at the argument, and the fix marks the inner parameter (which redacts nothing it passes on, and changes
/// nothing the method does).
/// </summary>
public sealed partial class PersonalDataAnalyzer
{
    private static void CheckOperationArguments(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IInvocationOperation invocation)
    {
        var method = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;

        // Only where the attribute is on the called method itself: a call through an implementation of an annotated
        // interface member records the declaration's parameters, which this call does not name.
        if (!symbols.HasOperationAttribute(method) || (symbols.LogMethod is not null && symbols.Has(method, symbols.LogMethod)))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter
                || argument.ArgumentKind == ArgumentKind.DefaultValue
                || parameter.RefKind == RefKind.Out
                || symbols.Has(parameter, symbols.SpanAttribute)
                || symbols.Has(parameter, symbols.LogField)
                || symbols.Has(parameter, symbols.MetricLabel)
                || IsClassified(symbols, parameter)
                || symbols.IsDeclaredNonSensitive(parameter)
                || parameter.OriginalDefinition.Locations.FirstOrDefault() is not { IsInSource: true } declaration)
            {
                continue;
            }

            var value = OperationHelpers.Unwrap(argument.Value);
            if (IsRedacted(symbols, value) || ClassificationOfArgument(symbols, value, context.CancellationToken) is not { } classified)
            {
                continue;
            }

            if (!reported.TryAdd(AnalyzerDiagnostics.UnclassifiedPersonalData, value.Syntax))
            {
                continue;
            }

            ReportToMark(
                context,
                value,
                declaration,
                classified.Attribute,
                parameter.Name,
                "classified data ('" + classified.Name + "', marked [" + classified.Attribute + "], is passed to it)",
                "the failure message of the operation '" + method.Name + "'",
                "mark '" + method.Name + "(" + parameter.Name + ")' [" + classified.Attribute + "] so a failure message that quotes it is redacted");
        }
    }

    /// <summary>
    /// INS1010 at a classified <paramref name="value"/> that flows into a declaration which is not classified (an
    /// operation's parameter, a funnel method's return): the value and the declaration are the additional locations, and
    /// the code fix marks the declaration with <paramref name="attribute"/>.
    /// </summary>
    private static void ReportToMark(OperationAnalysisContext context, IOperation value, Location declaration, string attribute, string subject, string what, string sink, string remedy)
    {
        var at = value.Syntax.GetLocation();
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(AttributeProperty, attribute)
            .Add(DeclarationProperty, "1");
        context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.UnclassifiedPersonalData, at, new[] { at, declaration }, properties, subject, what, sink, remedy));
    }

    /// <summary>
    /// The name and classification of an argument that is classified where it stands — a classified parameter, property or
    /// field as it is, or a local written from one (<see cref="ClassifiedSource"/>) — or null.
    /// </summary>
    private static (string Name, string Attribute)? ClassificationOfArgument(KnownSymbols symbols, IOperation value, System.Threading.CancellationToken cancellationToken)
    {
        var (name, symbol) = NameOf(value);
        if (symbol is not null && symbols.IsDeclaredNonSensitive(symbol))
        {
            return null;
        }

        if (symbol is not null && name is not null && IsClassified(symbols, symbol))
        {
            return (name, ClassificationOf(symbols, symbol));
        }

        return ClassifiedSource(symbols, value, cancellationToken) is { } source
            ? (source.Name, ClassificationOf(symbols, source.Symbol))
            : null;
    }

    private static string ClassificationOf(KnownSymbols symbols, ISymbol symbol) =>
        symbols.ClassificationName(symbol) ?? ClassificationOfPositionalRecordProperty(symbols, symbol) ?? ClassificationOfContract(symbols, symbol) ?? "PersonalData";
}
