using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>Method shapes across the assembly boundary: interfaces, overrides, generics, extensions, async.</summary>
public sealed class CrossProjectShapeTests
{
    private const string Library = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Instrumentation;

        namespace Lib;

        public interface IStore
        {
            [Operation("store.put")]
            Task<int> PutAsync(string key, CancellationToken cancellationToken = default);
        }

        public abstract class Handler
        {
            [Operation("handler.handle")]
            public abstract int Handle(int value);
        }

        public static class Extensions
        {
            [Operation("list.first")]
            public static T FirstOr<T>(this IReadOnlyList<T> items, T fallback) where T : notnull => items.Count > 0 ? items[0] : fallback;
        }
        """;

    private const string Consumer = """
        using System.Threading;
        using System.Threading.Tasks;
        using Lib;

        namespace App;

        public sealed class MemoryStore : Lib.IStore
        {
            public Task<int> PutAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(key.Length);
        }

        public sealed class Doubler : Lib.Handler
        {
            public override int Handle(int value) => value * 2;
        }

        public static class Entry
        {
            public static async Task<int> RunAsync()
            {
                Lib.IStore store = new MemoryStore();
                var viaInterface = await store.PutAsync("abc");
                var viaClass = await new MemoryStore().PutAsync("abcd");
                Lib.Handler handler = new Doubler();
                var handled = handler.Handle(5) + new Doubler().Handle(1);
                var first = Lib.Extensions.FirstOr(new[] { 7 }, 0) + new[] { 1 }.FirstOr(0);
                return viaInterface + viaClass + handled + first;
            }
        }
        """;

    [Fact]
    public async Task Interface_override_generic_and_extension_calls_of_library_operations_are_instrumented()
    {
        var libraryName = CrossProjectHarness.UniqueName("Shapes");
        var library = CrossProjectHarness.BuildLibrary(libraryName, Library);
        var consumer = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), Consumer, library);

        Assert.Empty(consumer.GeneratorDiagnostics);
        Assert.Empty(consumer.Problems);
        Assert.Equal(6, CrossProjectHarness.Interceptors(consumer).Count);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + libraryName);
        var entry = CrossProjectHarness.Load(consumer, library).GetType("App.Entry")!;
        Assert.Equal(3 + 4 + 10 + 2 + 7 + 1, await (Task<int>)entry.GetMethod("RunAsync")!.Invoke(null, null)!);

        Assert.Equal(2, recorder.Spans.Count(s => s.OperationName == "store.put"));
        Assert.Equal(2, recorder.Spans.Count(s => s.OperationName == "handler.handle"));
        Assert.Equal(2, recorder.Spans.Count(s => s.OperationName == "list.first"));
        Assert.Equal(2, recorder.ValuesOf("store_put_calls_total").Count);
    }

    [Fact]
    public void Readonly_struct_members_of_a_library_are_intercepted_with_an_in_receiver()
    {
        const string library = """
            using Instrumentation;

            namespace Lib;

            public readonly struct Reading
            {
                private readonly int _value;

                public Reading(int value) => _value = value;

                [Operation("reading.doubled")]
                public int Doubled() => _value * 2;
            }

            public struct Tally
            {
                public int Count;

                [Operation("tally.add")]
                public void Add(int amount) => Count += amount;

                [Operation("tally.peek")]
                public readonly int Peek() => Count;
            }
            """;
        const string consumer = """
            namespace App;

            public static class Entry
            {
                public static int Run()
                {
                    var tally = new Lib.Tally();
                    tally.Add(2);
                    return new Lib.Reading(5).Doubled() * 100 + tally.Peek();
                }
            }
            """;
        var libraryName = CrossProjectHarness.UniqueName("Readonly");
        var built = CrossProjectHarness.BuildLibrary(libraryName, library);
        var app = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, built);

        // The receiver read from metadata: 'in' for the readonly struct's and the readonly member's 'this' (CS9148
        // otherwise, reported only when the interceptors are emitted), 'ref' for the mutable member.
        Assert.Empty(app.GeneratorDiagnostics);
        Assert.Empty(app.Problems);
        Assert.Equal(3, CrossProjectHarness.Interceptors(app).Count);
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + libraryName);
        var entry = CrossProjectHarness.Load(app, built).GetType("App.Entry")!;
        Assert.Equal(1002, (int)entry.GetMethod("Run")!.Invoke(null, null)!);
        Assert.Equal(new[] { "reading.doubled", "tally.add", "tally.peek" }, recorder.Spans.Select(s => s.OperationName).OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void Generic_operations_of_a_library_without_nullable_annotations_take_nullable_type_arguments_without_a_warning()
    {
        // A library built with nullable annotations disabled has oblivious constraints in metadata: 'class' admits string?
        // there. Repeated as plain 'class'/'IDisposable' in the consumer's generated file, a nullable type argument was
        // CS8634/CS8631 inside it (seen on a fresh two-project build with TreatWarningsAsErrors).
        const string library = """
            #nullable disable
            using Instrumentation;

            namespace Lib;

            public static class Pass
            {
                [Operation("pass.value")]
                public static T Value<T>(T value) where T : class => value;

                [Operation("pass.disposable")]
                public static T Disposable<T>(T value) where T : System.IDisposable => value;
            }
            """;
        const string consumer = """
            namespace App;

            public static class Entry
            {
                public static int Run() => (Lib.Pass.Value<string?>(null) is null ? 10 : 0) + (Lib.Pass.Disposable<System.IDisposable?>(null) is null ? 1 : 0);
            }
            """;
        var libraryName = CrossProjectHarness.UniqueName("Oblivious");
        var built = CrossProjectHarness.BuildLibrary(libraryName, library);
        var app = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, built);

        Assert.Empty(app.GeneratorDiagnostics);
        Assert.Empty(app.Problems);
        Assert.Equal(2, CrossProjectHarness.Interceptors(app).Count);
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + libraryName);
        Assert.Equal(11, (int)CrossProjectHarness.Load(app, built).GetType("App.Entry")!.GetMethod("Run")!.Invoke(null, null)!);
        Assert.Equal(new[] { "pass.disposable", "pass.value" }, recorder.Spans.Select(s => s.OperationName).OrderBy(n => n, System.StringComparer.Ordinal));
    }
}
