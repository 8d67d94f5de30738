using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Logging;

/// <summary>A containing type declaration (outermost first) to re-open as partial.</summary>
internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);

/// <summary>A piece of a message template: literal text, or a placeholder with an optional format.</summary>
internal sealed record TemplatePart(bool IsPlaceholder, string Text, string? Format, int ParameterIndex);

/// <summary>A public member of a complex parameter, with its classification (0 none, 1 personal, 2 secret).</summary>
internal sealed record MemberModel(string Name, string TypeName, string TypeDisplay, int Classification, bool IsReference, EquatableArray<MemberModel> Members);

/// <summary>How a log parameter's value is captured.</summary>
internal enum LogValueKind
{
    Plain,
    Classified,
    ComplexWithClassifiedMembers,
    Logger,
    Exception,
}

/// <summary>One parameter of a log method.</summary>
internal sealed record LogParameterModel(
    string Name,
    string TypeName,
    string RefKind,
    LogValueKind Kind,
    int Classification,
    string FieldName,
    string StructuredName,
    string ComplexTypeDisplay,
    bool IsReferenceType,
    EquatableArray<MemberModel> Members);

/// <summary>Everything needed to implement one log method, as plain data.</summary>
internal sealed record LogMethodModel(
    string Namespace,
    EquatableArray<ContainingTypeModel> Types,
    string TypeKey,
    string MethodName,
    string Modifiers,
    string LoggerExpression,
    string LevelName,
    int EventId,
    string EventName,
    string Template,
    EquatableArray<TemplatePart> Parts,
    EquatableArray<LogParameterModel> Parameters,
    string Display);

/// <summary>The result of parsing a [LogMethod] method.</summary>
internal sealed record LogMethodParseResult(LogMethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, Microsoft.CodeAnalysis.Location? MethodLocation = null);
