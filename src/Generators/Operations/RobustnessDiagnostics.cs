using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>Descriptors for calls and declarations the operation generator deliberately does not instrument (INS0011–INS0024).</summary>
internal static class RobustnessDiagnostics
{
    public static readonly DiagnosticDescriptor CallInExpressionTree = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.CallInExpressionTree,
        "Call in an expression tree is not instrumented",
        "This call of '{0}' is inside an expression tree, which is data for a LINQ provider, not a call: it is left unchanged and records no span",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor BaseCallNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.BaseCallNotInstrumented,
        "base call is not instrumented",
        "'base.{0}(...)' is not intercepted (an interceptor cannot make a non-virtual base call); the outer call of the override records the span",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor AttributeOnlyOnOverride = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.AttributeOnlyOnOverride,
        "Operation attribute only on an override",
        "'{0}' is instrumented only where it is called as '{1}'; calls through the base declaration '{2}' are not: {3}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MultipleOperationAttributes = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.MultipleOperationAttributes,
        "More than one operation attribute",
        "'{0}' has {1}: a method is one operation, keep one attribute",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.LanguageVersionTooOld,
        "LangVersion too old for the generated code",
        "The code generated for {0} needs C# {1} or later, and this project compiles with C# {2}: nothing is generated, so {3}. Set <LangVersion>{1}</LangVersion> (or later) in the project file, or <InstrumentationEnabled>false</InstrumentationEnabled> where this project is not to be instrumented.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AttributeOnlyOnImplementation = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.AttributeOnlyOnImplementation,
        "Operation attribute only on an interface implementation",
        "'{0}' is instrumented only where it is called as '{1}'; calls through the interface member '{2}' are not: {3}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BaseDeclarationNotInSource = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.BaseDeclarationNotInSource,
        "Calls through a declaration that cannot be annotated are not instrumented",
        "Direct calls of '{1}' are instrumented; calls through '{2}' ({3}) are not, because a call is intercepted by what it binds to. To record those too, call an annotated method of your own from '{1}'.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor OnlyCalledThroughReferencedDeclaration = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.OnlyCalledThroughReferencedDeclaration,
        "Annotated method is called only through a declaration the interceptors cannot replace",
        "No call in this project binds to '{1}': it is called only through '{2}' ({3}), which is not a call of '{1}' written in source, so the attribute records nothing here. Put it on a method of your own that '{1}' calls (a service method, with the call's CancellationToken), or call an annotated method of your own from '{1}'.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ImplicitCallsNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.ImplicitCallsNotInstrumented,
        "Calls the compiler writes are not instrumented",
        "Calls of '{0}' written in source are instrumented; the calls the compiler writes itself for {1} are not, because only calls written in source can be intercepted. To record those too, call an annotated method of your own from '{0}'.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor CallMayBindToGeneratedOverload = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.CallMayBindToGeneratedOverload,
        "Call that another generator's overload may win is not instrumented",
        "This call of '{0}' is not instrumented: {1}, so a method another source generator adds could win the call in the build, and intercepting it as '{0}' would then fail to compile: {2}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DynamicCallNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.DynamicCallNotInstrumented,
        "Call bound at run time is not instrumented",
        "This call of '{0}' has a dynamic argument, so it is bound at run time and an interceptor would never run: it is not instrumented. Cast the argument to the parameter's type to have it instrumented.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor FrameworkCallsNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.FrameworkCallsNotInstrumented,
        "Method a framework calls by reflection is not instrumented",
        "'{0}' is {1}: {2} calls it by reflection, never as a call written in source, so those calls are not instrumented (only calls in your own code are). Put the attribute on the methods of your own that '{0}' calls (a service method, with the call's CancellationToken), or annotate a method of your own that calls it.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TypeParameterReceiverNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.TypeParameterReceiverNotInstrumented,
        "Call on a type parameter that may be a struct is not instrumented",
        "This call of '{0}' is made on a value of type parameter '{1}', which may be a struct: C# calls the struct in place, and an interceptor would box it, so the method would run on a copy. It is not instrumented. {2}.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicatedFileNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.DuplicatedFileNotInstrumented,
        "Call in a file identical to another file of the compilation is not instrumented",
        "This call of '{0}' is in '{1}', whose text is identical to another source file of this compilation: the compiler finds an intercepted call by its file's content, so it cannot tell the two files apart (CS9233), and the call is not instrumented. Make the files differ, or compile one of them only.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SelfGenericCallNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.SelfGenericCallNotInstrumented,
        "Recursive call of a generic method with its own type parameters is not instrumented",
        "This call of '{0}' passes the method's own type parameter {1} as a type argument (a recursive call inside it): the compiler matches no interceptor to such a call (CS9144), so it is not intercepted; the outer call records the span",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor ShadowedTypeParameterNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.ShadowedTypeParameterNotInstrumented,
        "Generic method whose type parameter an interceptor cannot declare is not instrumented",
        "'{0}' has the type parameter '{1}', {2}, so this call is not intercepted; rename the type parameter to have it instrumented",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor CallInterceptedByProject = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.CallInterceptedByProject,
        "Call the project intercepts itself is not instrumented",
        "This call of '{0}' is intercepted by the project's own '{1}', and a call takes one interceptor: the SDK leaves it to yours, so it records no span or metrics. Call the annotated method from your interceptor to have it instrumented.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SdkNamespaceHidden = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.SdkNamespaceHidden,
        "A type named like an SDK namespace hides the SDK",
        "The type '{0}' has the full name of a namespace the generated code names ('global::{0}' is the type in this project), so code generated into it cannot name the SDK: nothing is generated, so {1}. Move the type into another namespace or rename it.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor[] All =
    {
        CallInExpressionTree, BaseCallNotInstrumented, AttributeOnlyOnOverride, MultipleOperationAttributes,
        LanguageVersionTooOld, AttributeOnlyOnImplementation, BaseDeclarationNotInSource, OnlyCalledThroughReferencedDeclaration, ImplicitCallsNotInstrumented,
        CallMayBindToGeneratedOverload, DynamicCallNotInstrumented, FrameworkCallsNotInstrumented, TypeParameterReceiverNotInstrumented,
        DuplicatedFileNotInstrumented, SelfGenericCallNotInstrumented, ShadowedTypeParameterNotInstrumented, CallInterceptedByProject,
        SdkNamespaceHidden,
    };
}
