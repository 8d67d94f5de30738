using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>
/// A netstandard-era library with internal polyfills of framework attributes that grants the project
/// InternalsVisibleTo: every <c>global::</c> name of those attributes in the project is ambiguous (CS0433). The generated
/// files carry file-local stand-ins then, and the build, the module initializers and the pooled async builder work as
/// without the library (a stranger's trial: the SDK broke such a build with CS0433 in its generated files).
/// </summary>
public sealed class ReferencedPolyfillTests
{
    private const string Polyfills = """
        namespace System.Runtime.CompilerServices
        {
            internal sealed class ModuleInitializerAttribute : Attribute { }
            internal sealed class AsyncMethodBuilderAttribute : Attribute { public AsyncMethodBuilderAttribute(Type builderType) { } }
        }
        namespace System.Diagnostics
        {
            internal sealed class StackTraceHiddenAttribute : Attribute { }
        }
        namespace System.Diagnostics.CodeAnalysis
        {
            internal sealed class NotNullWhenAttribute : Attribute { public NotNullWhenAttribute(bool returnValue) { } }
            internal sealed class DynamicallyAccessedMembersAttribute : Attribute { public DynamicallyAccessedMembersAttribute(DynamicallyAccessedMemberTypes memberTypes) { } }
            internal enum DynamicallyAccessedMemberTypes { None = 0, PublicParameterlessConstructor = 1 }
        }
        """;

    private const string Consumer = """
        using System.Threading.Tasks;
        using Instrumentation;
        using Microsoft.Extensions.Logging;

        namespace App;

        public sealed class Shop { }

        public static partial class Entry
        {
            [Operation("app.pooled")]
            public static async ValueTask<int> PooledAsync([SpanAttribute("n")] int n)
            {
                await Task.Yield();
                return n;
            }

            [LogMethod(LogLevel.Information, "ran {n}")]
            public static partial void Ran(ILogger logger, int n);

            public static async Task<int> RunAsync()
            {
                var found = Lib.Store.TryFind(3, out var name) ? name.Length : -1;
                return found + await PooledAsync(2) + Lib.Store.Make<Shop>().Length;
            }
        }
        """;

    [Fact]
    public async Task Polyfills_visible_through_InternalsVisibleTo_do_not_break_the_generated_code()
    {
        var consumerName = CrossProjectHarness.UniqueName("App");
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Poly"), Library(consumerName));

        var run = CrossProjectHarness.BuildConsumer(consumerName, Consumer, library);
        var withLogs = GeneratorHarness.Run(new LogMethodGenerator(), (CSharpCompilation)run.Output);

        Assert.True(withLogs.Problems.Count == 0, string.Join("\n", withLogs.Problems));
        foreach (var hint in new[] { OperationEmitter.HintName, ReferencedOperationEmitter.HintName })
        {
            Assert.Contains("file sealed class ModuleInitializerAttribute", run.GeneratedSources[hint], System.StringComparison.Ordinal);
            Assert.Contains("file enum DynamicallyAccessedMemberTypes", run.GeneratedSources[hint], System.StringComparison.Ordinal);
        }

        Assert.Contains(withLogs.GeneratedSources, pair => pair.Key.Contains("TelemetryCatalog", System.StringComparison.Ordinal)
            && pair.Value.Contains("file sealed class ModuleInitializerAttribute", System.StringComparison.Ordinal));
        Assert.Equal(3, CrossProjectHarness.Interceptors(run).Count);

        var assembly = CrossProjectHarness.Load(withLogs, library);
        var entry = assembly.GetType("App.Entry")!;
        var result = await (Task<int>)entry.GetMethod("RunAsync")!.Invoke(null, null)!;

        Assert.Equal(2 + 2 + "Shop".Length, result);

        // The module initializer ran: the generated source registered its name, as it does with the framework's attribute.
        Assert.Contains("Instrumentation.Generated." + consumerName, InstrumentationRegistry.SourceNames);

        // The pooled builder stand-in took effect: the awaiter's state machine is built by the pooling builder (the
        // compiler reads the attribute by name), so a ValueTask that completes later still adds 0 B in steady state.
        var awaiter = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Single(m => m.Name == "AwaitValueTask");
        var stateMachine = awaiter.GetCustomAttribute<AsyncStateMachineAttribute>()!.StateMachineType;
        var builder = stateMachine.GetField("<>t__builder", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.FieldType;
        Assert.Equal(typeof(PoolingAsyncValueTaskMethodBuilder<>), builder.GetGenericTypeDefinition());
    }

    [Fact]
    public void A_project_without_such_a_library_gets_no_stand_ins()
    {
        Assert.Empty(FrameworkTypeFallbacks.NeededIn(GeneratorHarness.Compile("public static class C { }")));

        var run = GeneratorHarness.Run(new OperationGenerator(), """
            using Instrumentation;
            public static class Shop
            {
                [Operation("shop.make")]
                public static int Make(int n) => n;
                public static int Call() => Make(1);
            }
            """);
        Assert.DoesNotContain("Stand-ins", run.GeneratedSources[OperationEmitter.HintName], System.StringComparison.Ordinal);
    }

    private static string Library(string consumerName) => $$"""
        using System.Diagnostics.CodeAnalysis;
        using Instrumentation;

        [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("{{consumerName}}")]

        {{Polyfills}}

        namespace Lib
        {
            public static class Store
            {
                [Operation("lib.find")]
                public static bool TryFind(int id, [NotNullWhen(true)] out string? name)
                {
                    name = id > 0 ? "n" + id : null;
                    return name is not null;
                }

                [Operation("lib.make")]
                public static string Make<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>() => typeof(T).Name;
            }
        }
        """;
}
