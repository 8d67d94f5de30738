using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>A type parameter of an interceptor, with its constraint clause (or empty).</summary>
/// <remarks><paramref name="Attributes"/>: the trim annotations to repeat on the interceptor's type parameter, with a trailing space (or empty).</remarks>
internal sealed record TypeParameterModel(string Name, string Constraints, string Attributes = "");

/// <summary>A parameter of the intercepted method as declared (type, ref kind, params).</summary>
/// <remarks><paramref name="Attributes"/>: the nullability and trim attributes to repeat on the interceptor's parameter, written out with a trailing space (or empty).</remarks>
internal sealed record SignatureParameterModel(string Name, string TypeName, string RefKind, bool IsParams, bool IsThis, string Attributes = "");

/// <summary>
/// The signature an interceptor must have for a call: the invoked method's original definition, which
/// may be the attributed method itself, an implementation of an attributed interface method, or an
/// extension method.
/// </summary>
/// <remarks>
/// <paramref name="ReceiverIsReadOnly"/>: an instance method of a struct whose <c>this</c> is <c>in</c> (a member of a
/// <c>readonly struct</c>, or a <c>readonly</c> member): the interceptor's receiver must be <c>this in T</c>, not
/// <c>this ref T</c> (CS9148).
/// <paramref name="ReturnIsRefLike"/>: the method returns a <c>ref struct</c> (<c>Span&lt;T&gt;</c>, <c>Span2D&lt;T&gt;</c>), whose value
/// may hold a reference a <c>ref</c>/<c>in</c> argument gave it: the instrumented path keeps it in a local declared with
/// the call as its initializer (CS8347/CS9077 otherwise).
/// <paramref name="ConditionalSymbols"/>: the symbols of the method's <c>[Conditional]</c> attributes (see <see cref="ConditionalCalls"/>).
/// <paramref name="ReturnMaybeNull"/>: the method's return carries <c>[return: MaybeNull]</c> on a type that is not nullable
/// (<c>T GetAttribute&lt;T&gt;() where T : Attribute</c>): the instrumented path's result local has the declared type, so the
/// call's value is stored with <c>!</c> (CS8600 otherwise); the interceptor repeats the attribute, so callers still see a
/// value that may be null.
/// <paramref name="HasCustomModifiers"/>: a parameter or the return of the method carries a custom modifier in its signature —
/// <c>modreq(InAttribute)</c> on an <c>in</c> / <c>ref readonly</c> parameter or a <c>ref readonly</c> result of a virtual,
/// abstract, override or interface method, or any modifier of a referenced assembly's signature. No static method can
/// declare one, so the compiler reports CS9154 (a warning: the signatures differ only in what the runtime does not
/// compare) at the interceptor's attributes; the emitter disables it there, for those interceptors only.
/// <paramref name="HasPointerToManagedType"/>: the signature declares a pointer to a managed type or to a type parameter
/// that may be one (<c>T*</c>, <c>string*</c>): legal, with warning CS8500 at the user's declaration, which the user has
/// seen and suppressed; the emitter disables it around those interceptors only, which would repeat it.
/// </remarks>
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
    bool IsUnsafe,
    string ReturnAttributes = "",
    EquatableArray<string> ExperimentalIds = default,
    bool ReceiverIsReadOnly = false,
    bool ReturnIsRefLike = false,
    string MethodAttributes = "",
    bool DoesNotReturn = false,
    EquatableArray<string> ConditionalSymbols = default,
    bool ReturnMaybeNull = false,
    bool HasCustomModifiers = false,
    bool HasPointerToManagedType = false);

/// <summary>
/// Names in interceptors. Generated locals all start with <c>__</c> and the receiver is <c>@this</c>, so a
/// user parameter named <c>this</c> or starting with <c>__</c> gets a positional name instead: nothing
/// generated can collide with a user name (interceptor parameter names are free to choose).
/// </summary>
internal static class InterceptorNames
{
    public static string Parameter(SignatureParameterModel parameter, int ordinal) =>
        parameter.Name == "this" || parameter.Name.StartsWith("__", System.StringComparison.Ordinal) || parameter.Name.Length == 0
            ? "__arg" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "@" + parameter.Name;

    public static string Parameter(InterceptorSignature signature, int ordinal) => Parameter(signature.Parameters[ordinal], ordinal);

    /// <summary>
    /// Whether a parameter or type parameter of the interceptor has the simple name of a generated class or method its
    /// body uses (<c>PlainOperations</c>, <c>Interceptors</c>, <c>Operation7</c>, <c>Intercept3_Live</c>): the body then
    /// names them from <c>global::</c>, since the user's name would be found first (CS1061, CS0704, CS0149 — a stranger's
    /// hostile names broke the build). Ordinary names keep the short form.
    /// </summary>
    public static bool HidesGeneratedNames(InterceptorSignature signature)
    {
        foreach (var parameter in signature.Parameters)
        {
            if (HidesGeneratedName(parameter.Name))
            {
                return true;
            }
        }

        foreach (var typeParameter in signature.TypeParameters)
        {
            if (HidesGeneratedName(typeParameter.Name.TrimStart('@')))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HidesGeneratedName(string name) =>
        name is "PlainOperations" or "Interceptors"
        || (name.StartsWith("Operation", System.StringComparison.Ordinal) && AllDigits(name, "Operation".Length, name.Length))
        || (name.StartsWith("Intercept", System.StringComparison.Ordinal) && name.EndsWith("_Live", System.StringComparison.Ordinal));

    private static bool AllDigits(string text, int start, int end)
    {
        if (start >= end)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One call of an annotated method that the compiler lets us intercept.</summary>
internal sealed record CallSiteModel(
    string OperationKey,
    InterceptorSignature Signature,
    int LocationVersion,
    string LocationData,
    string DisplayLocation,
    string SortKey);
