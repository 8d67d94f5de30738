using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>A type parameter of an interceptor, with its constraint clause (or empty).</summary>
internal sealed record TypeParameterModel(string Name, string Constraints);

/// <summary>A parameter of the intercepted method as declared (type, ref kind, params).</summary>
internal sealed record SignatureParameterModel(string Name, string TypeName, string RefKind, bool IsParams, bool IsThis);

/// <summary>
/// The signature an interceptor must have for a call: the invoked method's original definition, which
/// may be the attributed method itself, an implementation of an attributed interface method, or an
/// extension method.
/// </summary>
internal sealed record InterceptorSignature(
    string MethodName,
    bool IsStatic,
    bool IsExtension,
    string ContainingTypeName,
    bool ReceiverIsValueType,
    string ReturnTypeName,
    EquatableArray<TypeParameterModel> TypeParameters,
    EquatableArray<string> MethodTypeArguments,
    EquatableArray<SignatureParameterModel> Parameters,
    bool IsUnsafe);

/// <summary>One call of an annotated method that the compiler lets us intercept.</summary>
internal sealed record CallSiteModel(
    string OperationKey,
    InterceptorSignature Signature,
    int LocationVersion,
    string LocationData,
    string DisplayLocation,
    string SortKey);
