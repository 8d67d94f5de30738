namespace Instrumentation.Generators.Common;

/// <summary>
/// CS0436 in a generated file: the user's project declares a type of the same full name as one the generated code names
/// from the framework — a polyfill left from netstandard days (<c>ModuleInitializerAttribute</c>,
/// <c>StackTraceHiddenAttribute</c>), a type linked into two projects — and the compiler uses the project's, as it does
/// for the user's own code, where the user may have suppressed the warning (a stranger's trial: an error under
/// TreatWarningsAsErrors in the generated files only). CS0435 likewise: a referenced assembly with a type named
/// <c>Instrumentation</c> in the global namespace (a legacy helper) meets the namespace the generated files declare, and the
/// compiler uses the namespace — what the generated code means — with a warning at each <c>global::Instrumentation</c>
/// name in those files (a stranger's trial, x4).
/// </summary>
internal static class SourceTypeConflicts
{
    public const string Line = "#pragma warning disable CS0436, CS0435 // the project's own type of a framework type's name is used, as in the user's code; the SDK's namespace Instrumentation wins over a referenced global type of that name";

    public static void Write(SourceWriter w) => w.Line(Line);
}
