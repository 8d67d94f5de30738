namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A call of an instrumented method inside an expression tree is not intercepted (the tree must stay the user's).</summary>
    public const string CallInExpressionTree = "INS0011";

    /// <summary>A <c>base.M()</c> call of an instrumented method is not intercepted.</summary>
    public const string BaseCallNotInstrumented = "INS0012";

    /// <summary>An operation attribute is only on an override: calls through the base declaration are not instrumented.</summary>
    public const string AttributeOnlyOnOverride = "INS0013";

    /// <summary>A method carries more than one operation attribute.</summary>
    public const string MultipleOperationAttributes = "INS0014";

    /// <summary>The project's LangVersion is older than the generated code needs: nothing is generated.</summary>
    public const string LanguageVersionTooOld = "INS0015";

    /// <summary>An operation attribute is only on an interface implementation: calls through the interface member are not instrumented.</summary>
    public const string AttributeOnlyOnImplementation = "INS0016";

    /// <summary>The attribute is on an override or implementation of a member that cannot be annotated (declared in a referenced assembly, or a static abstract interface member): calls through that member are not instrumented.</summary>
    public const string BaseDeclarationNotInSource = "INS0017";

    /// <summary>As INS0017, and no call in the compilation binds to the annotated method itself: the attribute records nothing here.</summary>
    public const string OnlyCalledThroughReferencedDeclaration = "INS0027";

    /// <summary>An annotated method the compiler also calls by itself (foreach, using, await, deconstruction, …): those calls are not instrumented.</summary>
    public const string ImplicitCallsNotInstrumented = "INS0018";

    /// <summary>A call that converts its arguments, of a method of a partial type another generator may add overloads to: not intercepted, so that a generated overload that wins it cannot break the build.</summary>
    public const string CallMayBindToGeneratedOverload = "INS0019";

    /// <summary>A call with a dynamic argument is bound at run time: an interceptor never runs there, so it is not instrumented.</summary>
    public const string DynamicCallNotInstrumented = "INS0020";

    /// <summary>An annotated method a framework calls by reflection (a SignalR hub method, an MVC action): those calls are not instrumented.</summary>
    public const string FrameworkCallsNotInstrumented = "INS0021";

    /// <summary>A call of an interface method on a type parameter that may be a struct: an interceptor would box the receiver, so it is not instrumented.</summary>
    public const string TypeParameterReceiverNotInstrumented = "INS0022";

    /// <summary>A call in a file whose text is identical to another file of the compilation: the compiler cannot tell the two apart for an interceptor (CS9233), so it is not instrumented.</summary>
    public const string DuplicatedFileNotInstrumented = "INS0023";

    /// <summary>A call of a generic method whose type arguments use the method's own type parameters (a recursive call inside it): the compiler cannot match any interceptor to it (CS9144), so it is not instrumented.</summary>
    public const string SelfGenericCallNotInstrumented = "INS0024";

    /// <summary>A call of a generic method whose type parameter has the name of one of its containing types' (CS0693): an interceptor generic over both cannot name them apart, so it is not instrumented.</summary>
    public const string ShadowedTypeParameterNotInstrumented = "INS0025";

    /// <summary>A call the project intercepts with its own interceptor: a second interceptor would be CS9153, so the SDK leaves it alone and it is not instrumented.</summary>
    public const string CallInterceptedByProject = "INS0029";

    /// <summary>The project declares a type named <c>Instrumentation</c> in the global namespace, which hides the SDK's namespace from generated code: nothing is generated.</summary>
    public const string SdkNamespaceHidden = "INS0033";
}
