using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1010: personal or secret data — by name (e-mail, password, token, secret, API key, SSN, card, phone,
/// IP address, date of birth) or by type (<c>IPAddress</c>, <c>MailAddress</c>, <c>NetworkCredential</c>...) —
/// that reaches a sink without <c>[PersonalData]</c>/<c>[SecretData]</c>: parameters of <c>[LogMethod]</c> methods
/// and parameters marked <c>[SpanAttribute]</c>/<c>[LogField]</c>/<c>[MetricLabel]</c>; and hand-written sinks:
/// <c>ILogger.LogXxx</c>/<c>Log</c>/<c>BeginScope</c> (arguments, and template placeholders as names),
/// <c>Activity.SetTag</c>/<c>AddTag</c>/<c>SetBaggage</c>/<c>AddBaggage</c>, <c>ActivitySource.StartActivity</c> tags and name,
/// a span's status description, <c>DisplayName</c> and <c>TraceStateString</c>, span event, link and exception-event tags,
/// OpenTelemetry's <c>Baggage.SetBaggage</c>, <c>LoggerMessage.Define</c> delegates, metric tags, and the telemetry APIs of <c>PersonalDataAnalyzer.TelemetryApis.cs</c>. Hand-written diagnostics
/// carry the declaration to classify (a parameter, property or field of the
/// user's source) as an additional location, and the value to wrap in <c>Redactors.Redact</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class PersonalDataAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property: <c>PersonalData</c> or <c>SecretData</c>.</summary>
    public const string AttributeProperty = "Attribute";

    /// <summary>Property: index in <see cref="Diagnostic.AdditionalLocations"/> of the declaration to classify.</summary>
    public const string DeclarationProperty = "DeclarationAt";

    /// <summary>Property: index in <see cref="Diagnostic.AdditionalLocations"/> of the value that a hand-written call writes.</summary>
    public const string ValueProperty = "ValueAt";

    /// <summary>Property: <c>Members</c> when the value is an object whose members are classified (render it with TelemetryValues.Object).</summary>
    public const string RenderProperty = "Render";

    private const int MaxMemberDepth = 6;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ImmutableArray.Create(AnalyzerDiagnostics.UnclassifiedPersonalData, AnalyzerDiagnostics.ClassifiedDataUnredacted, AnalyzerDiagnostics.LoggerMessageClassifiedParameter, AnalyzerDiagnostics.InternalAnalyzerError);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Analyze: a [LogMethod] partial definition merges the [GeneratedCode] of its generated implementation, so with
        // None the driver skips the user's own declaration while the generator runs. Generated code itself is skipped below.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterGuardedCompilationStartAction(nameof(PersonalDataAnalyzer), start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            var reported = new ReportedSites();
            start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols), SymbolKind.Method);
            start.RegisterSymbolAction(c => AnalyzeImplementation(c, symbols, reported), SymbolKind.Method);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, reported), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, symbols, reported), OperationKind.SimpleAssignment);
            if (symbols.FunnelEvent is not null)
            {
                start.RegisterOperationAction(c => AnalyzeFunnelReturn(c, symbols, reported), OperationKind.Return);
            }

            var hasErrorCode = start.Compilation.GetTypeByMetadataName("Instrumentation.IHasErrorCode");
            if (hasErrorCode is not null)
            {
                start.RegisterOperationAction(c => AnalyzeErrorCode(c, symbols, reported, hasErrorCode), OperationKind.Return);
            }
            start.RegisterOperationAction(
                c =>
                {
                    if (c.IsGeneratedCode)
                    {
                        return;
                    }

                    var creation = (IObjectCreationOperation)c.Operation;
                    var tags = new TagSet();
                    MetricTags.OfCreation(creation, symbols, tags, followTagLists: false, c.CancellationToken);
                    foreach (var tag in tags.Tags)
                    {
                        CheckTag(c, symbols, reported, tag.Key, tag.Value, "a metric label");
                    }

                    AnalyzeExceptionMessage(c, symbols, reported, creation);
                    AnalyzeTelemetryApiCreation(c, symbols, reported, creation);
                    if (creation.Type is { Name: "ActivityEvent" or "ActivityLink", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } activityPart
                        && creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "tags") is { } partTags)
                    {
                        // An event's or a link's tags are exported with the span (a stranger's AddEvent carried an e-mail).
                        CheckTags(c, symbols, reported, partTags.Value, activityPart.Name == "ActivityEvent" ? "a span event" : "a span link");
                    }
                },
                OperationKind.ObjectCreation);
        });
    }

    /// <summary>
    /// INS1010 at a parameter of an annotated interface member or base method that a sink records (a span attribute, a log
    /// field, a metric label) when an implementation or override in this compilation classifies the same parameter and
    /// the declaration does not: the generated code records the declaration's parameter, for calls through it and on the
    /// implementing type alike, so the implementation's <c>[PersonalData]</c> redacted nothing (a sinks trial:
    /// <c>full_name: Ada Canarylace</c> on the span, no warning). The fix marks the declaration's parameter. A parameter
    /// whose own name or type says personal data is reported by <see cref="AnalyzeMethod"/> already.
    /// </summary>
    private static void AnalyzeImplementation(SymbolAnalysisContext context, KnownSymbols symbols, ReportedSites reported)
    {
        var declaration = (IMethodSymbol)context.Symbol;
        if (context.IsGeneratedCode || declaration.MethodKind != MethodKind.Ordinary || declaration.Parameters.Length == 0
            || !(declaration.IsAbstract || declaration.IsVirtual || declaration.ContainingType.TypeKind == TypeKind.Interface))
        {
            return;
        }

        List<IMethodSymbol>? implementations = null;
        for (var i = 0; i < declaration.Parameters.Length; i++)
        {
            var declared = declaration.Parameters[i];
            var sink = symbols.Has(declared, symbols.SpanAttribute) ? "a span attribute"
                : symbols.Has(declared, symbols.LogField) ? "a log field"
                : symbols.Has(declared, symbols.MetricLabel) ? "a metric label"
                : null;
            if (sink is null
                || symbols.IsClassified(declared)
                || symbols.IsDeclaredNonSensitive(declared)
                || (MatchSinkParameterName(symbols, declared.Name, declared.Type) ?? PersonalDataRules.MatchType(declared.Type)) is not null
                || declared.Locations.FirstOrDefault() is not { IsInSource: true } location)
            {
                continue;
            }

            // The compilation's methods of this name that implement or override the declaration (found by name: cheap).
            implementations ??= context.Compilation.GetSymbolsWithName(declaration.Name, SymbolFilter.Member, context.CancellationToken)
                .OfType<IMethodSymbol>()
                .Where(candidate => candidate.Parameters.Length == declaration.Parameters.Length && Implements(candidate, declaration))
                .ToList();
            var classification = implementations.Select(m => symbols.ClassificationName(m.Parameters[i])).FirstOrDefault(c => c is not null);
            if (classification is null || !reported.TryAdd(AnalyzerDiagnostics.UnclassifiedPersonalData, location.SourceTree!, location.SourceSpan))
            {
                continue;
            }

            var attribute = classification is "PersonalData" or "SecretData" ? classification : "PersonalData";
            context.ReportDiagnostic(Diagnostic.Create(
                AnalyzerDiagnostics.UnclassifiedPersonalData,
                location,
                new[] { location },
                ImmutableDictionary<string, string?>.Empty.Add(AttributeProperty, attribute).Add(DeclarationProperty, "0"),
                declared.Name,
                "a value classified [" + classification + "] where '" + declaration.ContainingType.Name + "." + declaration.Name + "' is implemented or overridden",
                sink,
                "the operation records this declaration's parameter, for calls through it and on the implementing types alike: mark it [" + attribute + "] here too"));
        }
    }

    /// <summary>Whether <paramref name="candidate"/> overrides <paramref name="declaration"/> or implements it for its type.</summary>
    private static bool Implements(IMethodSymbol candidate, IMethodSymbol declaration)
    {
        for (var overridden = candidate.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, declaration.OriginalDefinition))
            {
                return true;
            }
        }

        return declaration.ContainingType.TypeKind == TypeKind.Interface
            && candidate.ContainingType.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, declaration.ContainingType.OriginalDefinition))
            && candidate.ContainingType.FindImplementationForInterfaceMember(declaration) is { } found
            && (SymbolEqualityComparer.Default.Equals(found, candidate) || Implements(candidate, (IMethodSymbol)found));
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, KnownSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null)
        {
            // The implementation part of a partial method: its definition part is analyzed instead.
            return;
        }

        if (context.IsGeneratedCode && method.PartialImplementationPart is null)
        {
            // Generated code, except the user's partial definition of a generated [LogMethod].
            return;
        }

        var isLogMethod = symbols.Has(method, symbols.LogMethod);
        var isLoggerMessage = !isLogMethod && !symbols.LoggerMessageRedacts && symbols.Has(method, symbols.LoggerMessage);
        foreach (var parameter in method.Parameters)
        {
            // INS1013: the runtime's [LoggerMessage] generator ignores classification attributes, and its state carries none
            // to a sink; a sinks trial's [PersonalData] name and [SecretData] PIN reached the console and OTLP in clear.
            if (isLoggerMessage && parameter.Locations.Length > 0 && symbols.ClassificationName(parameter) is { } classification)
            {
                context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.LoggerMessageClassifiedParameter, parameter.Locations[0], parameter.Name, classification));
                continue;
            }

            string? sink = null;

            // A [LoggerMessage] method writes every parameter as it is (a migration trial's customerEmail went out in clear
            // with no warning): an unclassified personal name is INS1010 there too; a classified one is INS1013 above.
            if ((isLogMethod || symbols.Has(method, symbols.LoggerMessage)) && parameter.Type.Name is not ("ILogger" or "Exception"))
            {
                sink = "a log";
            }
            else if (symbols.Has(parameter, symbols.SpanAttribute))
            {
                sink = "a span attribute";
            }
            else if (symbols.Has(parameter, symbols.LogField))
            {
                sink = "a log field";
            }
            else if (symbols.Has(parameter, symbols.MetricLabel))
            {
                sink = "a metric label";
            }

            if (sink is null || symbols.IsClassified(parameter) || symbols.IsDeclaredNonSensitive(parameter) || parameter.Locations.Length == 0)
            {
                continue;
            }

            if ((MatchSinkParameterName(symbols, parameter.Name, parameter.Type) ?? PersonalDataRules.MatchType(parameter.Type)) is { } match)
            {
                var location = parameter.Locations[0];
                // A classified value cannot be a metric label (INS0004): the advice to mark it, and the fix that does, traded
                // this warning for that error (found by an analyzer probe). Such a value belongs on the span instead.
                var isLabel = symbols.Has(parameter, symbols.MetricLabel);
                var properties = isLabel
                    ? ImmutableDictionary<string, string?>.Empty.Add(DeclarationProperty, "0")
                    : ImmutableDictionary<string, string?>.Empty.Add(AttributeProperty, match.Attribute).Add(DeclarationProperty, "0");
                context.ReportDiagnostic(Diagnostic.Create(
                    AnalyzerDiagnostics.UnclassifiedPersonalData,
                    location,
                    new[] { location },
                    properties,
                    parameter.Name,
                    match.Kind,
                    sink,
                    isLoggerMessage
                        ? "mark it [" + match.Attribute + "] and write the method as [LogMethod], which redacts it (the runtime's [LoggerMessage] generator does not)"
                        : isLabel
                            ? "it cannot be a metric label, classified or not: " + (symbols.Has(parameter, symbols.SpanAttribute) ? "remove [MetricLabel]" : "make it a [SpanAttribute] (INS1001's fix)") + " and mark it [" + match.Attribute + "]"
                            : "mark it [" + match.Attribute + "] so it is redacted"));
            }
            else if (UnclassifiedMembers.First(symbols, parameter.Type) is { } member)
            {
                // An object written whole: the sink renders its members, this one in clear.
                ReportMember(context.ReportDiagnostic, context.Compilation, parameter.Locations[0], parameter.Name, member, sink, handWritten: false);
            }
        }
    }

    /// <summary>
    /// INS1010 for a member of an object a sink writes whole (<see cref="UnclassifiedMembers"/>), reported at the sink with
    /// the member's declaration, when it is in this compilation, as the one the fix marks: once it is classified, the
    /// SDK's sinks redact it (a hand-written call that writes the object as it is then gets INS1011 and its own fix).
    /// A member this project cannot mark (declared in a referenced assembly or another project, or a member of an anonymous
    /// type) is redacted with the whole value instead: the parameter of a generated sink is what the fix marks, and a
    /// hand-written call's value is what it redacts.
    /// </summary>
    private static void ReportMember(
        System.Action<Diagnostic> report,
        Compilation compilation,
        Location at,
        string valueName,
        (string Path, ISymbol Member, (string Kind, string Attribute) Match) member,
        string sink,
        bool handWritten)
    {
        var additional = new List<Location>();
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AttributeProperty, member.Match.Attribute);
        string remedy;
        var toolFile = Instrumentation.Generators.Common.ToolGeneratedCode.FileOf(member.Member);
        if (!member.Member.ContainingType.IsAnonymousType && !member.Member.ContainingType.IsTupleType && toolFile is null
            && FixTarget(member.Member) is { SourceTree: { } tree } declaration && compilation.ContainsSyntaxTree(tree))
        {
            properties = properties.Add(DeclarationProperty, "0");
            additional.Add(declaration);
            remedy = "mark '" + member.Member.ContainingType.Name + "." + member.Member.Name + "' [" + member.Match.Attribute + "] so the SDK's sinks redact it";
        }
        else
        {
            // Nothing here to mark: 'mark Lib.User.Email' could not be followed in this project.
            var where = member.Member.ContainingType.IsAnonymousType
                ? "'" + member.Member.Name + "' is a member of an anonymous type, which cannot be classified"
                : member.Member.ContainingType.IsTupleType
                ? "'" + member.Member.Name + "' is an element of a tuple, which cannot be classified (its names are gone at run time: the SDK's sinks redact a tuple with a secret-named element whole; any other tuple, and every tuple a hand-written call writes, is written element by element)"
                : toolFile is not null
                // A gRPC team's trial: the fix wrote [PersonalData] into Grpc.Tools' obj/…/Provisioning.cs, and the next
                // protoc run took it away again.
                ? "'" + member.Member.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "." + member.Member.Name + "' is declared in " + toolFile
                    + ", which a tool writes (an attribute there is lost when it rewrites the file; a partial class can classify it through an interface it implements, README, Classifying data)"
                : "'" + member.Member.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "." + member.Member.Name + "' is not declared in this project";
            properties = properties.Add(handWritten ? ValueProperty : DeclarationProperty, "0");
            additional.Add(at);
            remedy = where + (handWritten
                ? ": redact the value with Redactors.Redact, or write only the members that are not personal or secret data"
                : ": mark '" + valueName + "' [" + member.Match.Attribute + "] so the SDK's sinks redact it whole");
        }

        report(Diagnostic.Create(
            AnalyzerDiagnostics.UnclassifiedPersonalData,
            at,
            additional,
            properties,
            valueName + "." + member.Path,
            member.Match.Kind,
            sink,
            remedy));
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported)
    {
        if (context.IsGeneratedCode)
        {
            return;
        }

        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        CheckGeneratedSinkArguments(context, symbols, reported, invocation);
        CheckOperationArguments(context, symbols, reported, invocation);
        AnalyzeTelemetryApiInvocation(context, symbols, reported, invocation);
        if (MetricTags.IsRecording(method, symbols) || MetricTags.IsTagListAdd(method, symbols))
        {
            var tags = new TagSet();
            MetricTags.OfInvocation(invocation, symbols, tags, followTagLists: false, context.CancellationToken);
            foreach (var tag in tags.Tags)
            {
                CheckTag(context, symbols, reported, tag.Key, tag.Value, "a metric label");
            }
        }
        else if (OperationHelpers.Is(type, symbols.Activity) && method.Name is "SetTag" or "AddTag" or "SetBaggage" or "AddBaggage"
            && invocation.Arguments.Length == 2)
        {
            CheckTag(context, symbols, reported, invocation.Arguments[0].Value, invocation.Arguments[1].Value, method.Name.EndsWith("Baggage", System.StringComparison.Ordinal) ? "baggage" : "a span attribute");
        }
        else if (OperationHelpers.Is(type, symbols.Activity) && method.Name == "SetStatus" && invocation.Argument("description") is { } description)
        {
            // The status description is exported with the span as it is (a stranger's SetStatus(Error, email) was).
            CheckValue(context, symbols, reported, description.Value, "a span status", null);
        }
        else if (OperationHelpers.Is(type, symbols.Activity) && method.Name == "AddException" && invocation.Argument("tags") is { } exceptionTags)
        {
            CheckTags(context, symbols, reported, exceptionTags.Value, "a span event");
        }
        else if (OperationHelpers.Is(type, symbols.ActivitySource) && method.Name is "StartActivity" or "CreateActivity")
        {
            if (invocation.Argument("tags") is { } tagsArgument)
            {
                CheckTags(context, symbols, reported, tagsArgument.Value, "a span attribute", followTagLists: false);
            }

            if (invocation.Argument("name") is { } spanName)
            {
                // The span's name is exported as it is ("op " + user.Email became the span's name in a stranger's trial).
                CheckValue(context, symbols, reported, spanName.Value, "a span name", null);
            }
        }
        else if (method.Name == "SetBaggage" && IsOpenTelemetryBaggage(type) && invocation.Argument("name") is { } baggageName && invocation.Argument("value") is { } baggageValue)
        {
            // OpenTelemetry's baggage travels in the outgoing requests' 'baggage' header (a stranger's trial).
            CheckTag(context, symbols, reported, baggageName.Value, baggageValue.Value, "baggage");
        }
        else if (IsDefinedLogDelegate(method, symbols))
        {
            // A LoggerMessage.Define delegate (Action<ILogger, T1, …, Exception?>) writes its values as a log does.
            for (var i = 1; i < invocation.Arguments.Length - 1; i++)
            {
                CheckValue(context, symbols, reported, invocation.Arguments[i].Value, "a log", null);
            }
        }
        else if (OperationHelpers.Is(type, symbols.LoggerExtensions) && (method.Name.StartsWith("Log", System.StringComparison.Ordinal) || method.Name == "BeginScope"))
        {
            var sink = method.Name == "BeginScope" ? "a log scope" : "a log";
            var message = invocation.Argument(method.Name == "BeginScope" ? "messageFormat" : "message");
            if (message is not null)
            {
                // Values built into the message itself ($"Password {password}", "Owner " + owner.Email): the text is all a
                // sink gets, scrubbed only of what looks like an address, a card or a key=value secret (a trial's
                // interpolated password and classified e-mail went unreported while the same values as arguments were).
                foreach (var part in BuiltInParts(message.Value))
                {
                    CheckValue(context, symbols, reported, part, sink, null, builtIntoText: true);
                }
            }

            var placeholders = LogTemplates.Placeholders(message);
            var index = 0;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name != "args")
                {
                    continue;
                }

                foreach (var value in ParamsValues(argument.Value))
                {
                    var placeholder = index < placeholders.Count ? placeholders[index] : null;
                    index++;
                    CheckValue(context, symbols, reported, value, sink, placeholder);
                }
            }
        }
        else if (OperationHelpers.Is(type, symbols.Logger) && method.Name is "Log" or "BeginScope" && invocation.Argument("state") is { } state)
        {
            CheckValue(context, symbols, reported, state.Value, method.Name == "BeginScope" ? "a log scope" : "a log", null);
            if (method.Name == "Log" && invocation.Argument("formatter") is { } formatter
                && OperationHelpers.Unwrap(formatter.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
            {
                // The formatter's text is the line's message, written by every provider (a stranger's
                // (s, e) => "Audit for " + user.FullName went out in clear with no diagnostic).
                foreach (var returned in lambda.Body.Descendants().OfType<IReturnOperation>())
                {
                    if (returned.ReturnedValue is { } text)
                    {
                        CheckValue(context, symbols, reported, text, "a log message", null);
                    }
                }
            }
        }
    }

    /// <summary>
    /// INS1011/INS1010 for a value assigned to a span's <c>DisplayName</c> (exported as the span's name) or
    /// <c>TraceStateString</c> (sent in every outgoing request's <c>tracestate</c> header and exported with the span):
    /// a stranger's trial sent an e-mail in both with no diagnostic.
    /// </summary>
    private static void AnalyzeAssignment(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported)
    {
        if (context.IsGeneratedCode
            || context.Operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DisplayName" or "TraceStateString" } target } assignment
            || !OperationHelpers.Is(target.Property.ContainingType, symbols.Activity))
        {
            return;
        }

        CheckValue(context, symbols, reported, assignment.Value, target.Property.Name == "DisplayName" ? "a span name" : "the trace state", null);
    }

    /// <summary>
    /// INS1011/INS1010 for a value an exception's <c>IHasErrorCode.ErrorCode</c> is built from: the code becomes the
    /// failure counter's reason label and the failure log's <c>error_code</c> (a stranger's <c>"locked_" + Handle</c>, with
    /// <c>Handle</c> classified, reached <c>/metrics</c> in clear with no diagnostic).
    /// </summary>
    private static void AnalyzeErrorCode(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, INamedTypeSymbol hasErrorCode)
    {
        if (context.IsGeneratedCode
            || context.Operation is not IReturnOperation { ReturnedValue: { } value }
            || context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.ExplicitInterfaceImplementation, AssociatedSymbol: IPropertySymbol property } getter
            || !property.Name.EndsWith("ErrorCode", System.StringComparison.Ordinal)
            || !getter.ContainingType.AllInterfaces.Contains(hasErrorCode, SymbolEqualityComparer.Default))
        {
            return;
        }

        var declared = hasErrorCode.GetMembers("ErrorCode").FirstOrDefault();
        if (declared is null || !SymbolEqualityComparer.Default.Equals(getter.ContainingType.FindImplementationForInterfaceMember(declared), property))
        {
            return;
        }

        // A code classified itself (on the property, its backing field or a constructor parameter of its name) is no label
        // value and is logged redacted by the SDK (ErrorCodeClassification): nothing to report.
        if (symbols.IsClassified(property)
            || getter.ContainingType.InstanceConstructors.Any(c => c.Parameters.Any(p => string.Equals(p.Name, property.Name, System.StringComparison.OrdinalIgnoreCase) && symbols.IsClassified(p))))
        {
            return;
        }

        CheckValue(context, symbols, reported, value, "an error code (a metric label and a log field)", null);
    }

    /// <summary><c>OpenTelemetry.Baggage</c>, by name: the analyzers do not reference OpenTelemetry.</summary>
    private static bool IsOpenTelemetryBaggage(INamedTypeSymbol? type) =>
        type is { Name: "Baggage", ContainingNamespace: { Name: "OpenTelemetry", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// The invocation of a delegate of the shape <c>LoggerMessage.Define</c> returns: <c>Action&lt;ILogger, T1, …, Exception?&gt;</c>
    /// with at least one value.
    /// </summary>
    private static bool IsDefinedLogDelegate(IMethodSymbol method, KnownSymbols symbols) =>
        method.MethodKind == MethodKind.DelegateInvoke
        && method.Parameters.Length >= 3
        && method.ContainingType is { Name: "Action", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
        && OperationHelpers.Is(method.Parameters[0].Type, symbols.Logger)
        && method.Parameters[method.Parameters.Length - 1].Type is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// A classified value passed to a parameter of a generated sink that is not classified itself — a <c>[LogMethod]</c>
    /// parameter, a <c>[SpanAttribute]</c> or <c>[LogField]</c> parameter of an operation: the generated code redacts by the
    /// parameter's classification, so the value is written as any unclassified string, only scrubbed (a security review:
    /// <c>Log.Copied(logger, user.Pin)</c> wrote a <c>[SecretData]</c> PIN in clear, with no diagnostic).
    /// </summary>
    private static void CheckGeneratedSinkArguments(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        var isLogMethod = symbols.LogMethod is not null && symbols.Has(method, symbols.LogMethod);
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter
                || !(isLogMethod || symbols.Has(parameter, symbols.SpanAttribute) || symbols.Has(parameter, symbols.LogField))
                || IsClassified(symbols, parameter)
                || symbols.IsDeclaredNonSensitive(parameter))
            {
                continue;
            }

            var sink = "the generated sink's parameter '" + parameter.Name + "', which is not classified,";
            var value = OperationHelpers.Unwrap(argument.Value);
            if (ReportClassifiedValue(context, symbols, reported, value, sink))
            {
                continue;
            }

            // Built into a string argument ($"login for {user.Email}", "x" + user.Pin, $"user {user}"): a text, only scrubbed.
            if (AggregateValues.IsText(value))
            {
                ReportTextParts(context, symbols, reported, value, sink);
            }
        }
    }

    /// <summary>
    /// INS1011 for each value a text is built from (<see cref="BuiltInParts"/>) that is classified where it stands
    /// (<see cref="ReportClassifiedValue"/>), or whose <c>ToString()</c> prints its classified members (a record, an
    /// override): the text carries them in clear, only scrubbed. True when one was reported.
    /// </summary>
    private static bool ReportTextParts(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IOperation text, string sink)
    {
        var any = false;
        foreach (var part in BuiltInParts(text))
        {
            var built = OperationHelpers.Unwrap(part);
            if (ReferenceEquals(built, text) || IsRedacted(symbols, built))
            {
                continue;
            }

            if (ReportClassifiedValue(context, symbols, reported, built, sink))
            {
                any = true;
                continue;
            }

            var (partName, partSymbol) = NameOf(built);
            if (PrintsItsMembers(built.Type) && !(partSymbol is not null && symbols.IsDeclaredNonSensitive(partSymbol)))
            {
                any |= ReportClassifiedMembers(context, reported, symbols, built, partName, sink);
            }
        }

        return any;
    }

    /// <summary>
    /// The classified value a local was written from (<c>var pin = user.Pin;</c>), when one of its writes is a classified
    /// member or parameter as it is: the local then carries that value to the sink unredacted (a security review's
    /// <c>var pin = user.Pin; Log.Copied(logger, pin)</c> passed with no diagnostic) — or a text, a tuple, a pair, an array,
    /// a collection or an anonymous object built from one (<c>var message = $"Notified {user.Email}";</c>,
    /// <see cref="AggregateValues"/>). Null for anything else.
    /// </summary>
    private static (string Name, ISymbol Symbol)? ClassifiedSource(KnownSymbols symbols, IOperation value, CancellationToken cancellationToken)
    {
        if (value is not ILocalReferenceOperation local || LocalValues.Writes(local.Local, local.SemanticModel, cancellationToken) is not { } writes)
        {
            return null;
        }

        foreach (var write in writes)
        {
            if (ClassifiedPart(symbols, OperationHelpers.Unwrap(write), 0) is { } part)
            {
                return (local.Local.Name + " (" + part.Value.Syntax + ")", part.Symbol);
            }
        }

        return null;
    }

    /// <summary>
    /// The first classified member or parameter, as it is, that <paramref name="value"/> is or is built from (a text, or an
    /// aggregate of <see cref="AggregateValues"/>, a few levels deep), unless redacted or declared non-sensitive; or null.
    /// </summary>
    private static (IOperation Value, ISymbol Symbol)? ClassifiedPart(KnownSymbols symbols, IOperation value, int depth)
    {
        var (_, symbol) = NameOf(value);
        if (depth > MaxMemberDepth || IsRedacted(symbols, value) || (symbol is not null && symbols.IsDeclaredNonSensitive(symbol)))
        {
            return null;
        }

        if (symbol is not null)
        {
            return IsClassified(symbols, symbol) ? (value, symbol) : null;
        }

        var parts = AggregateValues.IsText(value) ? BuiltInParts(value) : AggregateValues.Parts(value) ?? AggregateValues.Alternatives(value);
        foreach (var part in parts ?? Enumerable.Empty<IOperation>())
        {
            if (ClassifiedPart(symbols, OperationHelpers.Unwrap(part), depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// INS1011 for each classified value an anonymous object, a tuple, a key-value pair, an array or a collection is made of
    /// (<c>new { Contact = user.Email }</c>, <c>(user.Email, user.Pin)</c>, <c>Tuple.Create(user.Email, 1)</c>,
    /// <c>new List&lt;string&gt; { user.Email }</c>, <see cref="AggregateValues"/>), also inside a text among them
    /// (<c>Tuple.Create($"for {user.Email}", 1)</c>): their elements carry no classification, so every sink writes them as
    /// they are (a security review). True when one was reported (the value's other checks are then skipped).
    /// </summary>
    private static bool ReportAggregateParts(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IOperation value, string sink)
    {
        if (AggregateValues.Parts(value) is not { } parts)
        {
            return false;
        }

        var any = false;
        foreach (var part in parts)
        {
            var unwrapped = OperationHelpers.Unwrap(part);
            any |= AggregateValues.IsText(unwrapped)
                ? ReportTextParts(context, symbols, reported, unwrapped, sink)
                : ReportClassifiedValue(context, symbols, reported, unwrapped, sink);
        }

        return any;
    }

    /// <summary>
    /// INS1011 for a value that is classified where it stands — a classified member or parameter as it is, a local written
    /// from one (<see cref="ClassifiedSource"/>), or an anonymous object or tuple made of them
    /// (<see cref="ReportAggregateParts"/>) — unless it is redacted or declared non-sensitive. The one rule of every sink:
    /// hand-written calls, tags, and generated sinks' unclassified parameters. True when one was reported.
    /// </summary>
    private static bool ReportClassifiedValue(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IOperation value, string sink)
    {
        if (AggregateValues.Alternatives(value) is { } alternatives)
        {
            var anyAlternative = false;
            foreach (var alternative in alternatives)
            {
                anyAlternative |= ReportClassifiedValue(context, symbols, reported, OperationHelpers.Unwrap(alternative), sink);
            }

            return anyAlternative;
        }

        var (name, symbol) = NameOf(value);
        if (IsRedacted(symbols, value) || (symbol is not null && symbols.IsDeclaredNonSensitive(symbol)))
        {
            return false;
        }

        if (symbol is not null && IsClassified(symbols, symbol))
        {
            ReportUnredacted(context, reported, symbols, value, symbol, name!, sink);
            return true;
        }

        if (ClassifiedSource(symbols, value, context.CancellationToken) is { } source)
        {
            // A local whose own name says secret (var password = email + "!") is redacted as a secret, the stricter class,
            // as Fix All marks a declaration two sinks disagree on.
            var byName = value is ILocalReferenceOperation local ? PersonalDataRules.MatchName(local.Local.Name, local.Local.Type)?.Attribute : null;
            ReportUnredacted(context, reported, symbols, value, source.Symbol, source.Name, sink, byName);
            return true;
        }

        return ReportAggregateParts(context, symbols, reported, value, sink);
    }

    /// <summary>
    /// The values a string is built from where they stand as they are: the expressions of an interpolated string's holes
    /// and the operands of a string concatenation, at any depth of either (not the arguments of a call inside them).
    /// </summary>
    private static IEnumerable<IOperation> BuiltInParts(IOperation value)
    {
        var unwrapped = OperationHelpers.Unwrap(value);
        switch (unwrapped)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var content in interpolated.Parts)
                {
                    // A hole; or, made through a handler (string.Create(provider, $"…")), the value of its AppendFormatted call.
                    var expression = content switch
                    {
                        IInterpolationOperation hole => hole.Expression,
                        IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation { TargetMethod.Name: "AppendFormatted", Arguments.Length: > 0 } append } => append.Arguments[0].Value,
                        _ => null,
                    };
                    if (expression is null)
                    {
                        continue;
                    }

                    foreach (var part in BuiltInParts(expression))
                    {
                        yield return part;
                    }
                }

                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                foreach (var part in BuiltInParts(concatenation.LeftOperand).Concat(BuiltInParts(concatenation.RightOperand)))
                {
                    yield return part;
                }

                break;
            case IInvocationOperation call when AggregateValues.IsTextCall(call):
                foreach (var given in AggregateValues.TextCallValues(call))
                {
                    var operand = OperationHelpers.Unwrap(given);
                    foreach (var part in AggregateValues.IsText(operand) ? BuiltInParts(operand) : new[] { operand })
                    {
                        if (!part.ConstantValue.HasValue)
                        {
                            yield return part;
                        }
                    }
                }

                break;
            default:
                if (!unwrapped.ConstantValue.HasValue)
                {
                    yield return unwrapped;
                }

                break;
        }
    }

    /// <summary>
    /// Each tag of a tag collection a sink writes (<see cref="MetricTags.FromContainer"/>), checked as <see cref="CheckTag"/>
    /// does; <paramref name="followTagLists"/> also reads a <c>TagList</c> local's <c>Add</c> calls.
    /// </summary>
    private static void CheckTags(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IOperation container, string sink, bool followTagLists = true)
    {
        var tags = new TagSet();
        MetricTags.FromContainer(container, symbols, tags, followTagLists, 0, context.CancellationToken);
        foreach (var tag in tags.Tags)
        {
            CheckTag(context, symbols, reported, tag.Key, tag.Value, sink);
        }
    }

    /// <summary>A tag-like sink: the key's name or the value's name/type tells personal data.</summary>
    private static void CheckTag(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IOperation key, IOperation value, string sink)
    {
        // The key is exported too: "user." + email as a span attribute's name, "u_" + email as a metric label's.
        var builtKey = OperationHelpers.Unwrap(key);
        if (!builtKey.ConstantValue.HasValue)
        {
            foreach (var part in BuiltInParts(builtKey))
            {
                ReportClassifiedValue(context, symbols, reported, part, sink + "'s name");
            }
        }

        var unwrapped = OperationHelpers.Unwrap(value);
        if (unwrapped is IInterpolatedStringOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } || AggregateValues.IsTextCall(unwrapped))
        {
            // A tag value built from other values ($"o {owner.Email}"): each value built in, as in a log message.
            foreach (var part in BuiltInParts(unwrapped))
            {
                CheckValue(context, symbols, reported, part, sink, null, builtIntoText: true);
            }

            return;
        }

        if (ReportRenderedObject(context, symbols, reported, unwrapped, sink, out _))
        {
            return;
        }

        var (name, symbol) = NameOf(unwrapped);
        if (IsRedacted(symbols, unwrapped) || (symbol is not null && symbols.IsDeclaredNonSensitive(symbol)))
        {
            return;
        }

        if (ReportClassifiedValue(context, symbols, reported, unwrapped, sink))
        {
            return;
        }

        if (ReportClassifiedMembers(context, reported, symbols, unwrapped, name, sink))
        {
            // Its classified members are one finding (INS1011, rendered redacted by its fix); a personal member that is not
            // classified is another, which that fix leaves in clear (INS1010).
            ReportUnclassifiedMember(context, reported, symbols, unwrapped, name, sink);
            return;
        }

        var keyOperation = OperationHelpers.Unwrap(key);
        if (keyOperation.ConstantValue is { HasValue: true, Value: string keyText } && PersonalDataRules.MatchName(keyText, unwrapped.Type) is { } keyMatch)
        {
            Report(context, reported, keyOperation.Syntax, keyText, keyMatch, sink, symbol, unwrapped);
            return;
        }

        if (((name is null ? null : PersonalDataRules.MatchName(name, unwrapped.Type)) ?? PersonalDataRules.MatchType(unwrapped.Type)) is { } match)
        {
            Report(context, reported, unwrapped.Syntax, name ?? unwrapped.Syntax.ToString(), match, sink, symbol, unwrapped);
        }
        else
        {
            ReportUnclassifiedMember(context, reported, symbols, unwrapped, name, sink);
        }
    }

    /// <summary>
    /// INS1010 for an object rendered by <c>TelemetryValues.Object</c> (INS1011's fix for an object with classified members):
    /// it writes the object member by member with its classified members redacted, so a personal member that is not
    /// classified is written as it is — reported at the object, as before the fix. True when the value is such a call
    /// (nothing else of it is then checked: the call is the approved rendering).
    /// </summary>
    private static bool ReportRenderedObject(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IOperation value, string sink, out bool reportedMember)
    {
        reportedMember = false;
        if (value is not IInvocationOperation { TargetMethod.Name: "Object" } invocation
            || symbols.TelemetryValues is null
            || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.TelemetryValues))
        {
            return false;
        }

        if (invocation.Argument("value") is { } argument)
        {
            var rendered = OperationHelpers.Unwrap(argument.Value);
            var (name, symbol) = NameOf(rendered);
            if (!IsRedacted(symbols, rendered) && !(symbol is not null && symbols.IsDeclaredNonSensitive(symbol)))
            {
                reportedMember = ReportUnclassifiedMember(context, reported, symbols, rendered, name, sink);
            }
        }

        return true;
    }

    /// <summary>An object a hand-written call writes whole, with a member that is personal or secret data and not classified.</summary>
    /// <returns>True when the object has such a member (reported here, or at this site before).</returns>
    private static bool ReportUnclassifiedMember(OperationAnalysisContext context, ReportedSites reported, KnownSymbols symbols, IOperation value, string? name, string sink)
    {
        if (value.ConstantValue.HasValue || UnclassifiedMembers.First(symbols, value.Type) is not { } member)
        {
            return false;
        }

        if (reported.TryAdd(AnalyzerDiagnostics.UnclassifiedPersonalData, value.Syntax))
        {
            ReportMember(context.ReportDiagnostic, context.Compilation, value.Syntax.GetLocation(), name ?? value.Syntax.ToString(), member, sink, handWritten: true);
        }

        return true;
    }

    /// <summary>
    /// A value written to a log: its name, its type or the template placeholder it fills tells personal data. A text built
    /// from other values (<c>$"for {user.Email}"</c> as an argument) is checked value by value, as a message is, and only
    /// when none of them is reported, as a whole under its placeholder. True when something was reported.
    /// </summary>
    private static bool CheckValue(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IOperation value, string sink, string? placeholder, bool builtIntoText = false)
    {
        var unwrapped = OperationHelpers.Unwrap(value);
        if (AggregateValues.Alternatives(unwrapped) is { } alternatives)
        {
            var anyAlternative = false;
            foreach (var alternative in alternatives)
            {
                anyAlternative |= CheckValue(context, symbols, reported, alternative, sink, placeholder, builtIntoText);
            }

            return anyAlternative;
        }

        if (ReportRenderedObject(context, symbols, reported, unwrapped, sink, out var renderedMember))
        {
            return renderedMember;
        }

        if (!builtIntoText && AggregateValues.IsText(unwrapped) && !unwrapped.ConstantValue.HasValue)
        {
            var anyPart = false;
            foreach (var part in BuiltInParts(unwrapped))
            {
                anyPart |= CheckValue(context, symbols, reported, part, sink, null, builtIntoText: true);
            }

            if (anyPart)
            {
                return true;
            }
        }

        var (name, symbol) = NameOf(unwrapped);
        if (IsRedacted(symbols, unwrapped) || unwrapped.ConstantValue.HasValue || (symbol is not null && symbols.IsDeclaredNonSensitive(symbol)))
        {
            return false;
        }

        if (ReportClassifiedValue(context, symbols, reported, unwrapped, sink))
        {
            return true;
        }

        // A value built into a text is its ToString(), which no sink renders member by member: its members are judged only
        // when that text prints them — a record's generated ToString() or an override of the app's (a security review:
        // $"… {user}" and "… " + user wrote a record's [SecretData] member in clear, with no diagnostic).
        if ((!builtIntoText || PrintsItsMembers(unwrapped.Type)) && ReportClassifiedMembers(context, reported, symbols, unwrapped, name, sink))
        {
            // Its classified members are one finding (INS1011, rendered redacted by its fix); a personal member that is not
            // classified is another, which that fix leaves in clear (INS1010). A text is left to INS1011: a ToString() of
            // the app's may not print that member.
            if (!builtIntoText)
            {
                ReportUnclassifiedMember(context, reported, symbols, unwrapped, name, sink);
            }

            return true;
        }

        var match = (name is null ? null : PersonalDataRules.MatchName(name, unwrapped.Type))
            ?? PersonalDataRules.MatchType(unwrapped.Type)
            ?? (placeholder is null ? null : PersonalDataRules.MatchName(placeholder, unwrapped.Type));
        if (match is { } found)
        {
            Report(context, reported, unwrapped.Syntax, name ?? placeholder ?? unwrapped.Syntax.ToString(), found, sink, symbol, unwrapped);
            return true;
        }

        return !builtIntoText && ReportUnclassifiedMember(context, reported, symbols, unwrapped, name, sink);
    }

    private static void Report(
        OperationAnalysisContext context,
        ReportedSites reported,
        SyntaxNode at,
        string name,
        (string Kind, string Attribute) match,
        string sink,
        ISymbol? valueSymbol,
        IOperation value)
    {
        if (!reported.TryAdd(AnalyzerDiagnostics.UnclassifiedPersonalData, at))
        {
            return;
        }

        var additional = new List<Location>();
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AttributeProperty, match.Attribute);
        // Only a declaration in this compilation's own trees: in a workspace (the IDE, dotnet format) a referenced project
        // is a compilation reference whose source is 'in source' too, and a location there made the report throw
        // (ArgumentException: not part of the compilation), so the value was not reported at all (INS0036 instead).
        if (FixTarget(valueSymbol) is { SourceTree: { } declarationTree } declaration && context.Compilation.ContainsSyntaxTree(declarationTree)
            && Instrumentation.Generators.Common.ToolGeneratedCode.FileOf(valueSymbol!) is null)
        {
            properties = properties.Add(DeclarationProperty, additional.Count.ToString(CultureInfo.InvariantCulture));
            additional.Add(declaration);
        }

        properties = properties.Add(ValueProperty, additional.Count.ToString(CultureInfo.InvariantCulture));
        additional.Add(value.Syntax.GetLocation());
        var remedy = "redact it with Redactors.Redact or mark its declaration [" + match.Attribute + "]";
        context.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.UnclassifiedPersonalData, at.GetLocation(), additional, properties, name, match.Kind, sink, remedy));
    }

    /// <summary>
    /// INS1011: a classified value written by a hand-written call as it is. Only the SDK's generated sinks
    /// (log methods, span attributes, log fields, funnel events) redact classified values. The fix redacts with the
    /// value's class, or as a secret when it is personal data in a local whose name says secret (<paramref name="attributeByName"/>).
    /// </summary>
    private static void ReportUnredacted(
        OperationAnalysisContext context,
        ReportedSites reported,
        KnownSymbols symbols,
        IOperation value,
        ISymbol symbol,
        string name,
        string sink,
        string? attributeByName = null)
    {
        if (!reported.TryAdd(AnalyzerDiagnostics.ClassifiedDataUnredacted, value.Syntax))
        {
            return;
        }

        // Through an interface too (a gRPC team's trial: [SecretData] on IHasApiKey.ApiKey, implemented by a protobuf partial
        // class, was called [PersonalData] here, and the fix redacted it as personal data, keeping its last four characters).
        var attribute = ClassificationOf(symbols, symbol);
        var redactAs = attribute == "PersonalData" && attributeByName == "SecretData" ? attributeByName : attribute;
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AttributeProperty, redactAs).Add(ValueProperty, "0");
        context.ReportDiagnostic(Diagnostic.Create(
            AnalyzerDiagnostics.ClassifiedDataUnredacted,
            value.Syntax.GetLocation(),
            new[] { value.Syntax.GetLocation() },
            properties,
            name,
            attribute,
            sink == "a log" || sink == "a log scope" ? "this hand-written " + sink.Substring(2) + " call"
                : sink.StartsWith("the generated sink's", System.StringComparison.Ordinal) ? sink
                : "this hand-written call (" + sink + ")"));
    }

    /// <summary>
    /// INS1011 for an object whose type has classified members (at any depth, through collections): a hand-written call
    /// writes it whole (its <c>ToString()</c> or its members), so the classified members leave in clear.
    /// </summary>
    private static bool ReportClassifiedMembers(
        OperationAnalysisContext context,
        ReportedSites reported,
        KnownSymbols symbols,
        IOperation value,
        string? name,
        string sink)
    {
        if (value.Type is null || symbols.ClassifiedMembers.GetOrAdd(value.Type, t => ClassifiedMember(symbols, t, new TypeWalkVisits(), 0)) is not { } member)
        {
            return false;
        }

        if (reported.TryAdd(AnalyzerDiagnostics.ClassifiedDataUnredacted, value.Syntax))
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(AttributeProperty, member.Attribute)
                .Add(ValueProperty, "0")
                .Add(RenderProperty, "Members");
            context.ReportDiagnostic(Diagnostic.Create(
                AnalyzerDiagnostics.ClassifiedDataUnredacted,
                value.Syntax.GetLocation(),
                new[] { value.Syntax.GetLocation() },
                properties,
                (name ?? value.Syntax.ToString()) + "." + member.Path,
                member.Attribute,
                sink == "a log" || sink == "a log scope" ? "this hand-written " + sink.Substring(2) + " call"
                    : sink.StartsWith("the generated sink's", System.StringComparison.Ordinal) ? sink
                    : "this hand-written call (" + sink + ")"));
        }

        return true;
    }

    /// <summary>
    /// <see cref="PersonalDataRules.MatchName"/> for a generated sink's parameter, except that a value whose type has a
    /// classified member is judged by its members, not by its name: its type's author classified it member by member, and
    /// the generated sinks write it with those members redacted. A stranger's <c>[SpanAttribute] CardRs? card</c> of
    /// <c>record struct CardRs([property: SecretData] string Number, string Brand)</c> was INS1010 ("looks like a card
    /// number"), and its fix redacted the whole card. A type with no classified member (<c>record Email(string Value)</c>, a
    /// value object) is still judged by the name.
    /// </summary>
    private static (string Kind, string Attribute)? MatchSinkParameterName(KnownSymbols symbols, string name, ITypeSymbol type) =>
        symbols.ClassifiedMembers.GetOrAdd(type, t => ClassifiedMember(symbols, t, new TypeWalkVisits(), 0)) is not null
            ? null
            : PersonalDataRules.MatchName(name, type);

    /// <summary>The first classified member path of a user type (properties and fields, public, instance), or null.</summary>
    private static (string Path, string Attribute)? ClassifiedMember(KnownSymbols symbols, ITypeSymbol? type, TypeWalkVisits visited, int depth)
    {
        if (type is null || depth > MaxMemberDepth || type.SpecialType != SpecialType.None)
        {
            return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            return ClassifiedMember(symbols, array.ElementType, visited, depth + 1);
        }

        if (type is not INamedTypeSymbol named || !visited.Enter(named, depth))
        {
            return null;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T || IsFramework(named))
        {
            foreach (var argument in named.TypeArguments)
            {
                if (ClassifiedMember(symbols, argument, visited, depth + 1) is { } inArgument)
                {
                    return inArgument;
                }
            }

            return null;
        }

        for (var level = named; level is not null && !IsFramework(level); level = level.BaseType)
        {
            foreach (var member in level.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared && member is not IPropertySymbol)
                {
                    continue;
                }

                var memberType = member switch
                {
                    IPropertySymbol { IsIndexer: false } property => property.Type,
                    IFieldSymbol field => field.Type,
                    _ => null,
                };
                if (memberType is null || symbols.IsDeclaredNonSensitive(member))
                {
                    continue;
                }

                if ((symbols.ClassificationName(member) ?? ClassificationOfPositionalRecordProperty(symbols, member) ?? ClassificationOfContract(symbols, member)) is { } attribute)
                {
                    return (member.Name, attribute);
                }

                if (ClassifiedMember(symbols, memberType, visited, depth + 1) is { } nested)
                {
                    return (member.Name + "." + nested.Path, nested.Attribute);
                }
            }
        }

        return null;
    }

    internal static bool IsFramework(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "System" or "Microsoft" };
    }

    /// <summary>
    /// The classification of a property of an implemented interface with the same name: it classifies the implementation,
    /// as the generator and the run-time formatter read it (<c>interface IContact { [PersonalData] string Phone { get; } }</c>).
    /// </summary>
    private static string? ClassificationOfContract(KnownSymbols symbols, ISymbol symbol)
    {
        if (symbol is not IPropertySymbol { ContainingType: { } owner })
        {
            return null;
        }

        foreach (var contract in owner.AllInterfaces)
        {
            foreach (var declared in contract.GetMembers(symbol.Name))
            {
                if (declared is IPropertySymbol && symbols.ClassificationName(declared) is { } name)
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static string? ClassificationOfPositionalRecordProperty(KnownSymbols symbols, ISymbol symbol)
    {
        if (symbol is IPropertySymbol property)
        {
            foreach (var constructor in property.ContainingType.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.Name == property.Name && symbols.ClassificationName(parameter) is { } name)
                    {
                        return name;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The declaration the classification fix can mark: a parameter, property or field declared in source (the caller checks it is this compilation's).</summary>
    private static Location? FixTarget(ISymbol? symbol)
    {
        switch (symbol)
        {
            case IParameterSymbol { IsImplicitlyDeclared: false, ContainingSymbol: IMethodSymbol { MethodKind: not MethodKind.AnonymousFunction } } parameter
                when parameter.Locations.FirstOrDefault() is { IsInSource: true } location:
                return location;
            case IPropertySymbol { IsImplicitlyDeclared: false, IsIndexer: false } property when property.Locations.FirstOrDefault() is { IsInSource: true } location:
                return location;
            case IFieldSymbol { IsImplicitlyDeclared: false } field when field.Locations.FirstOrDefault() is { IsInSource: true } location
                && field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } }:
                return location;
            default:
                return null;
        }
    }

    /// <summary>Classified directly, or (for a positional record property) through its primary-constructor parameter.</summary>
    internal static bool IsClassified(KnownSymbols symbols, ISymbol symbol)
    {
        if (symbols.IsClassified(symbol))
        {
            return true;
        }

        if (ClassificationOfContract(symbols, symbol) is not null)
        {
            return true;
        }

        if (symbol is IPropertySymbol property && property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ParameterSyntax)
        {
            foreach (var constructor in property.ContainingType.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.Name == property.Name && parameter.Locations.SequenceEqual(property.Locations) && symbols.IsClassified(parameter))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// INS1011 for a classified value built into an exception's message (<c>throw new ArgumentException("empty blob for " +
    /// ownerEmail)</c>): the message reaches a failed operation's span (<c>exception.message</c>), its failure log and every
    /// logger that writes the exception, scrubbed only of what looks like an e-mail address, a card number or a secret —
    /// a name went out in clear (a newcomer's trial). Any <c>string</c> argument of a constructor of an exception type counts,
    /// wherever the value sits in it (concatenated, interpolated, formatted), and any <c>string</c> argument of an object
    /// created in its other arguments (<c>new RpcException(new Status(code, detail))</c>); <c>nameof</c> and redacted values do not.
    /// </summary>
    private static void AnalyzeExceptionMessage(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IObjectCreationOperation creation)
    {
        if (!IsException(creation.Type))
        {
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
            {
                ReportMessageParts(context, symbols, reported, argument.Value);
                continue;
            }

            // The message built into an object the exception is made from: gRPC's RpcException(new Status(code, detail))
            // (a gRPC team's trial: a [SecretData] key in the detail went to the failure log with no diagnostic).
            foreach (var nested in argument.Value.DescendantsAndSelf().OfType<IObjectCreationOperation>())
            {
                foreach (var inner in nested.Arguments)
                {
                    if (inner.Parameter?.Type.SpecialType == SpecialType.System_String)
                    {
                        ReportMessageParts(context, symbols, reported, inner.Value);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether a value of <paramref name="type"/> built into a text may print its members: the type or a base type of the
    /// app's is a record (its generated <c>ToString()</c> prints every public property) or overrides <c>ToString()</c>.
    /// A class that does neither prints its type's name.
    /// </summary>
    private static bool PrintsItsMembers(ITypeSymbol? type)
    {
        for (var current = type; current is not null && !IsFramework(current); current = current.BaseType)
        {
            if (current.IsRecord || current.GetMembers("ToString").OfType<IMethodSymbol>().Any(m => m.IsOverride && m.Parameters.Length == 0))
            {
                return true;
            }
        }

        return false;
    }

    private static void ReportMessageParts(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IOperation message)
    {
        foreach (var part in BuiltInParts(message))
        {
            var value = OperationHelpers.Unwrap(part);
            if (PrintsItsMembers(value.Type) && !IsRedacted(symbols, value) && !(NameOf(value).Symbol is { } valueSymbol && symbols.IsDeclaredNonSensitive(valueSymbol)))
            {
                ReportClassifiedMembers(context, reported, symbols, value, NameOf(value).Name, "an exception's message");
            }
        }

        foreach (var part in message.DescendantsAndSelf())
        {
            var (name, symbol) = NameOf(part);
            if (symbol is null || part.ConstantValue.HasValue || !IsClassified(symbols, symbol) || symbols.IsDeclaredNonSensitive(symbol) || IsInsideNameOfOrRedaction(symbols, part, message))
            {
                continue;
            }

            ReportUnredacted(context, reported, symbols, part, symbol, name!, "an exception's message");
        }
    }

    private static bool IsException(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInsideNameOfOrRedaction(KnownSymbols symbols, IOperation part, IOperation root)
    {
        for (var current = part.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation || IsRedacted(symbols, current))
            {
                return true;
            }

            if (ReferenceEquals(current, root))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsRedacted(KnownSymbols symbols, IOperation value) =>
        value is IInvocationOperation invocation
        && ((invocation.TargetMethod.Name == "Redact" && symbols.Redactors is not null
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.Redactors))
            || (symbols.TelemetryValues is not null && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.TelemetryValues)));

    /// <summary>The elements of a <c>params object?[]</c> argument (or the argument itself).</summary>
    private static IEnumerable<IOperation> ParamsValues(IOperation value)
    {
        var unwrapped = OperationHelpers.Unwrap(value);
        if (unwrapped is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues;
        }

        return new[] { value };
    }

    private static (string? Name, ISymbol? Symbol) NameOf(IOperation value) => value switch
    {
        IParameterReferenceOperation parameter => (parameter.Parameter.Name, parameter.Parameter),
        ILocalReferenceOperation local => (local.Local.Name, local.Local),
        IPropertyReferenceOperation property => (property.Property.Name, property.Property),
        IFieldReferenceOperation field => (field.Field.Name, field.Field),
        _ => (null, null),
    };
}
