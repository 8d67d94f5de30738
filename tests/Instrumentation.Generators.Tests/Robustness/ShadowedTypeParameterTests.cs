using System.Globalization;
using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A generic method whose type parameter has the name of its generic type's (<c>class C&lt;T&gt; { T M&lt;T&gt;(T v) }</c>:
/// legal C#, warning CS0693). Found by the mutation fuzzer: the interceptor declared <c>&lt;T, T&gt;</c> (CS0692), an error in
/// the generated file that broke the build. Such a call is INS0025 and left alone; other names are instrumented as before.
/// </summary>
public sealed class ShadowedTypeParameterTests
{
    [Theory]
    [InlineData("public class C<T> { [Operation(\"c.m\")] public T M<T>(T value) => value; }", "new C<int>().M(\"x\")")]
    [InlineData("public class C<T> { [Operation(\"c.m\")] public T M<T>(T value, System.Collections.Generic.List<T> list) { list.Add(value); return value; } }", "new C<int>().M(\"x\", new System.Collections.Generic.List<string>())")]
    [InlineData("public class Outer<T> { public class C<U> { [Operation(\"c.m\")] public T M<T>(T value) => value; } }", "new Outer<int>.C<long>().M(\"x\")")]
    [InlineData("public class Outer<T> { public class C<T> { [Operation(\"c.m\")] public string M(string value) => value; } }", "new Outer<int>.C<long>().M(\"x\")")]
    public void A_type_parameter_named_like_its_types_is_INS0025_left_alone_and_the_generated_code_compiles(string declaration, string call)
    {
        var run = RobustRun.Of(Source(declaration, call));

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.Empty(run.UserCodeErrors);
        Assert.Empty(run.InterceptedCalls);
        var diagnostic = Assert.Single(run.Ins);
        Assert.Equal("INS0025", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(call, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("has the type parameter 'T', and so does a type it is declared in (CS0693)", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public class C<T> { [Operation(\"c.m\")] public U M<U>(U value) => value; }", "new C<int>().M(\"x\")")]
    [InlineData("public class Outer<T> { public class C<U> { [Operation(\"c.m\")] public V M<V>(V value) => value; } }", "new Outer<int>.C<long>().M(\"x\")")]
    public void Distinct_names_are_instrumented_as_before(string declaration, string call)
    {
        var run = RobustRun.Of(Source(declaration, call));

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.Empty(run.Ins);
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
    }

    /// <summary>
    /// A stranger's hostile names: a type parameter named like the interceptor's receiver (<c>@this</c>) or its locals
    /// (<c>__state</c>, <c>__result</c>) made the generated file fail (CS0246, CS0412). Such a call is INS0025 too.
    /// </summary>
    [Theory]
    [InlineData("public static class C { [Operation(\"c.m\")] public static string M<__state>(__state v) => v!.ToString()!; }", "C.M<int>(1)", "__state")]
    [InlineData("public sealed class C<__result> { [Operation(\"c.m\")] public string M(__result v) => v!.ToString()!; }", "new C<long>().M(5L)", "__result")]
    [InlineData("public sealed class C { [Operation(\"c.m\")] public string M<@this>(@this v) => v!.ToString()!; }", "new C().M<int>(3)", "this")]
    public void A_type_parameter_named_like_what_the_interceptor_declares_is_INS0025_and_the_generated_code_compiles(string declaration, string call, string name)
    {
        var run = RobustRun.Of(Source(declaration, call));

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.Empty(run.UserCodeErrors);
        Assert.Empty(run.InterceptedCalls);
        var diagnostic = Assert.Single(run.Ins);
        Assert.Equal("INS0025", diagnostic.Id);
        Assert.Equal(call, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("has the type parameter '" + name + "', a name the generated interceptor declares itself", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    /// <summary>
    /// Type parameters named with an escaped keyword (<c>@class</c>, <c>@event</c>) were declared unescaped in the
    /// interceptor, in its constraints and in its type arguments (<c>Intercept0&lt;class&gt;</c>, <c>where class : class</c>):
    /// dozens of errors in the generated file (a stranger's trial). They are escaped as every other identifier is.
    /// </summary>
    [Theory]
    [InlineData("public static class C { [Operation(\"c.m\")] public static string M<@class>(@class c) => c!.ToString()!; }", "C.M<string>(\"x\")")]
    [InlineData("public sealed class C<@event> where @event : class { [Operation(\"c.m\")] public string M<@class>(@event e, @class c) where @class : struct => e.ToString() + c.ToString(); }", "new C<string>().M(\"x\", 1)")]
    public void Keyword_named_type_parameters_are_escaped_and_the_call_is_instrumented(string declaration, string call)
    {
        var run = RobustRun.Of(Source(declaration, call));

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.Empty(run.UserCodeErrors);
        Assert.Empty(run.Ins);
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
    }

    [Fact]
    public void A_referenced_librarys_method_of_that_shape_is_INS0025_in_the_consumer_whose_generated_code_compiles()
    {
        const string library = "using Instrumentation;\n#pragma warning disable CS0693\nnamespace Lib;\npublic class Cache<T> { [Operation(\"cache.get\")] public T Get<T>(T value) => value; [Operation(\"cache.put\")] public int Put<TValue>(TValue value) => 1; }\n";
        const string consumer = "namespace App;\npublic static class Use { public static int Run() => new Lib.Cache<int>().Get(\"x\").Length + new Lib.Cache<int>().Put(\"x\"); }\n";
        var built = CrossProject.CrossProjectHarness.BuildLibrary(CrossProject.CrossProjectHarness.UniqueName("Shadowed"), library);
        var run = CrossProject.CrossProjectHarness.BuildConsumer(CrossProject.CrossProjectHarness.UniqueName("App"), consumer, built);

        Assert.Empty(run.Problems);
        Assert.True(run.GeneratorDiagnostics.Length == 1, string.Join("\n", run.GeneratorDiagnostics.Select(d => d.Id + " " + d.GetMessage(CultureInfo.InvariantCulture))));
        var diagnostic = run.GeneratorDiagnostics[0];
        Assert.Equal("INS0025", diagnostic.Id);
        Assert.Equal("new Lib.Cache<int>().Get(\"x\")", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Single(CrossProject.CrossProjectHarness.Interceptors(run)); // Put<TValue>: a distinct name, instrumented
    }

    private static string Source(string declaration, string call) =>
        "using Instrumentation;\n#pragma warning disable CS0693\n" + declaration + "\npublic static class Use { public static string Run() => " + call + "; }\n";
}
