using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Logging;

/// <summary>A containing type declaration (outermost first) to re-open as partial.</summary>
internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);

/// <summary>A piece of a message template: literal text, or a placeholder with optional alignment and format.</summary>
internal sealed record TemplatePart(bool IsPlaceholder, string Text, string? Alignment, string? Format, int ParameterIndex);

/// <summary>How a log parameter's value is captured into the state.</summary>
internal enum LogValueKind
{
    /// <summary>The logger; not stored.</summary>
    Logger,

    /// <summary>An exception: handed to providers redacted; stored (as its redacted message) only when the template uses it.</summary>
    Exception,

    /// <summary>Marked personal or secret: stored as the redactor's text.</summary>
    Classified,

    /// <summary>A number, enum, date, time, GUID (or nullable one): stored typed, not boxed at the call.</summary>
    Scalar,

    /// <summary>An unclassified string: stored scrubbed (or redacted when its name looks secret).</summary>
    Text,

    /// <summary>A string marked <c>[NonSensitiveData]</c>: stored as it is.</summary>
    SafeText,

    /// <summary>A user type the generator renders with a generated formatter.</summary>
    Object,

    /// <summary>Anything else (object, interfaces, collections, framework types): rendered by the run-time formatter.</summary>
    Runtime,
}

/// <summary>One parameter of a log method.</summary>
/// <param name="Name">The parameter name (without <c>@</c>).</param>
/// <param name="TypeName">The fully qualified type.</param>
/// <param name="Declaration">The parameter as declared in the implementation (modifiers, type, <c>@name</c>).</param>
/// <param name="PassModifier"><c>in </c> for <c>in</c> parameters, otherwise empty.</param>
/// <param name="Kind">How the value is captured.</param>
/// <param name="Classification">0 none, 1 personal, 2 secret.</param>
/// <param name="StructuredName">The field name in the state (the placeholder's first spelling when referenced).</param>
/// <param name="IsReferenced">Whether the template uses it.</param>
/// <param name="FormatterIndex">For <see cref="LogValueKind.Object"/>: the formatter of its type.</param>
/// <param name="IsNullableValueType">Whether the type is <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="Foreign">For a value classified with a team's own Microsoft.Extensions.Compliance taxonomy: that classification.</param>
/// <param name="IsExpanded">A <c>[LogProperties]</c> parameter: its properties are fields (<see cref="LogMethodModel.Properties"/>); it is stored itself only when the template uses it.</param>
/// <param name="ParentIndex">For a property of a <c>[LogProperties]</c> parameter: the index of that parameter.</param>
/// <param name="Access">For such a property: how it is read from the argument (<c>?.@Name</c> or <c>.@Name</c>).</param>
/// <param name="SecretByPosition">The template writes it after a secret name (<c>password={value}</c>): redacted as a secret-named value is (INS0106).</param>
/// <param name="GlueBefore">For a value glued to the template's text (INS0107): the literal text before it; null when not glued.</param>
/// <param name="GlueAfter">For a glued value: the literal text after it.</param>
/// <param name="GlueLiterals">
/// For a value glued to other values (<c>{key}={value}</c>, <c>{area}-{group}-{serial}</c>): the template's literal text
/// around the group's values (before the first, between each two, after the last); empty otherwise.
/// </param>
/// <param name="GlueMembers">For such a value: the parameter indices of the group's values, in template order.</param>
/// <param name="HoldsSecretElements">
/// An unclassified tuple with a secret-named element (<c>(string User, string Password)</c>): redacted whole, as a value
/// under a secret name is (<see cref="Common.SecretTupleElements"/>).
/// </param>
internal sealed record LogParameterModel(
    string Name,
    string TypeName,
    string Declaration,
    string PassModifier,
    LogValueKind Kind,
    int Classification,
    string StructuredName,
    bool IsReferenced,
    int FormatterIndex,
    bool IsNullableValueType,
    DataClassificationModel? Foreign = null,
    bool IsExpanded = false,
    int ParentIndex = -1,
    string? Access = null,
    bool SecretByPosition = false,
    string? GlueBefore = null,
    string? GlueAfter = null,
    EquatableArray<string> GlueLiterals = default,
    EquatableArray<int> GlueMembers = default,
    bool HoldsSecretElements = false);

/// <summary>How a member of a rendered type is written.</summary>
internal enum MemberRender
{
    /// <summary>A number, Guid, date or other framework value type; redacted at run time when its name is a secret name.</summary>
    Scalar,

    /// <summary>A scalar marked <c>[NonSensitiveData]</c>: written as it is.</summary>
    SafeScalar,
    Text,
    SafeText,
    Classified,
    Object,
    NullableObject,
    Runtime,

    /// <summary>An unclassified tuple with a secret-named element: <c>[REDACTED]</c> whole (its element names are gone at run time).</summary>
    SecretElements,
}

/// <summary>One member of a type rendered by a generated formatter.</summary>
internal sealed record FormatterMemberModel(string Name, MemberRender Render, int Classification, int FormatterIndex, DataClassificationModel? Foreign = null);

/// <summary>A generated formatter for one type: <c>Type { Member = value, … }</c>.</summary>
/// <param name="Index">Its number within the log method.</param>
/// <param name="TypeName">The fully qualified type without nullable annotation.</param>
/// <param name="DisplayName">The name written in the text (<c>Customer</c>, <c>Box&lt;Int32&gt;</c>).</param>
/// <param name="IsValueType">Whether the type is a struct.</param>
/// <param name="CheckExactType">Whether a derived run-time type must go to the run-time formatter (non-sealed classes).</param>
/// <param name="Members">The members, in order.</param>
internal sealed record FormatterModel(int Index, string TypeName, string DisplayName, bool IsValueType, bool CheckExactType, EquatableArray<FormatterMemberModel> Members);

/// <summary>
/// Everything needed to implement one log method, as plain data (<c>Properties</c>: the fields of <c>[LogProperties]</c>
/// parameters; <c>ScrubsMessage</c>: a value is glued to the template's text, so the formatted message is scrubbed whole, INS0107).
/// </summary>
internal sealed record LogMethodModel(
    string Namespace,
    EquatableArray<ContainingTypeModel> Types,
    string TypeKey,
    string MethodName,
    string Modifiers,
    string LoggerExpression,
    string LevelName,
    int EventId,
    bool EventIdIsExplicit,
    string EventName,
    string Template,
    EquatableArray<TemplatePart> Parts,
    EquatableArray<LogParameterModel> Parameters,
    EquatableArray<FormatterModel> Formatters,
    string Display,
    bool LoggerMayBeNull = false,
    EquatableArray<LogParameterModel> Properties = default,
    bool IsObsolete = false,
    bool RequiresPreview = false,
    EquatableArray<string> ExperimentalIds = default,
    bool ScrubsMessage = false,
    EquatableArray<string> ObsoleteWarnings = default);

/// <summary>
/// A do-nothing implementation of a log method that could not be generated, so that the user sees only the
/// INS diagnostic and not also CS8795 (partial method without implementation).
/// </summary>
internal sealed record LogStubModel(
    string Namespace,
    EquatableArray<ContainingTypeModel> Types,
    string TypeKey,
    string MethodName,
    string Signature,
    string Constraints,
    EquatableArray<string> OutParameters,
    bool ReturnsVoid,
    EquatableArray<string> ExperimentalIds,
    EquatableArray<string> ObsoleteWarnings);

/// <summary>The result of parsing a [LogMethod] method.</summary>
internal sealed record LogMethodParseResult(
    LogMethodModel? Model,
    LogStubModel? Stub,
    EquatableArray<DiagnosticInfo> Diagnostics,
    Microsoft.CodeAnalysis.Location? MethodLocation = null);
