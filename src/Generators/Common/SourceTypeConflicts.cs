namespace Instrumentation.Generators.Common;

/// <summary>
/// CS0436 in a generated file: the user's project declares a type of the same full name as one the generated code names
/// from the framework — a polyfill left from netstandard days (<c>ModuleInitializerAttribute</c>,
/// <c>StackTraceHiddenAttribute</c>), a type linked into two projects — and the compiler uses the project's, as it does
/// for the user's own code, where the user may have suppressed the warning (a stranger's trial: an error under
/// TreatWarningsAsErrors in the generated files only).
/// </summary>
internal static class SourceTypeConflicts
{
    public const string Line = "#pragma warning disable CS0436 // the project's own type of a framework type's name is used, as in the user's code";

    public static void Write(SourceWriter w) => w.Line(Line);
}
