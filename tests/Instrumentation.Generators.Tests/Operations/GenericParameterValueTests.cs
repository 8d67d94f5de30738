using System;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// A span attribute or log field whose type names a type parameter. Found by tagging every parameter of Stateless
/// (tools/realworld, <c>ANNOTATE_TAGS=true</c>): <c>[SpanAttribute] Action&lt;Transition&gt; action</c> in a generic
/// state machine was refused with "a type-parameter value cannot be converted without boxing" — a delegate is a
/// reference, nothing is boxed. The operation's state cannot name the type parameter, so such a reference is kept as an
/// object; what may be a value type (an unconstrained <c>T</c>, <c>KeyValuePair&lt;TKey, int&gt;</c>) is still refused,
/// with a message that says why for that case.
/// </summary>
public sealed class GenericParameterValueTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Instrumentation;
        namespace Generic;

        public sealed class Order
        {
            public string Id { get; set; } = "";
            public int Lines { get; set; }
        }

        public sealed class Repository<TEntity> where TEntity : class
        {
            public sealed class Change { }

            [Operation("repo.save")]
            public int Save([SpanAttribute("entity"), LogField("entity")] TEntity entity, [SpanAttribute("batch")] List<TEntity>? batch, [SpanAttribute("change")] Change change) => batch?.Count ?? 0;

            [Operation("repo.forget")]
            public void Forget([SpanAttribute("who"), LogField("who"), PersonalData] TEntity entity) { }

            [Operation("repo.save_later")]
            public async Task<int> SaveLater([SpanAttribute("entity")] TEntity entity)
            {
                await Task.Yield();
                return 1;
            }
        }

        public static class Handlers
        {
            [Operation("handlers.handle")]
            public static string Handle<TRequest>([SpanAttribute("request")] TRequest request, [SpanAttribute("then")] Action<TRequest>? then) where TRequest : class
            {
                then?.Invoke(request);
                return "ok";
            }
        }

        public static class Calls
        {
            public static async Task<int> Run()
            {
                var repository = new Repository<Order>();
                var order = new Order { Id = "o-1", Lines = 3 };
                var saved = repository.Save(order, null, new Repository<Order>.Change());
                Handlers.Handle(order, null);
                repository.Forget(order);
                return saved + await repository.SaveLater(order);
            }
        }
        """;

    [Fact]
    public async Task A_reference_whose_type_names_a_type_parameter_is_recorded_as_an_object()
    {
        const string assemblyName = "GenericValues";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);
        var code = run.GeneratedSources[OperationEmitter.HintName];
        Assert.Contains("public object? P_entity;", code, StringComparison.Ordinal);
        Assert.Contains("CorrelationField.Object(\"entity\", state.P_entity)", code, StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var stopped = recorder.Spans;
        var calls = run.Load().GetType("Generic.Calls")!;
        var result = await (Task<int>)calls.GetMethod("Run")!.Invoke(null, null)!;

        Assert.Equal(1, result);
        var spans = stopped.ToDictionary(a => a.OperationName);
        Assert.Equal(new[] { "handlers.handle", "repo.forget", "repo.save", "repo.save_later" }, spans.Keys.Order(StringComparer.Ordinal));
        var order = (string?)spans["repo.save"].GetTagItem("entity");
        Assert.NotNull(order);
        Assert.Contains("o-1", order, StringComparison.Ordinal);
        Assert.Null(spans["repo.save"].GetTagItem("batch"));
        Assert.Equal("Change<Order> { }", spans["repo.save"].GetTagItem("change")); // the object rendering of logs, never ToString()
        Assert.Equal(order, spans["repo.save_later"].GetTagItem("entity"));
        Assert.Equal(order, spans["handlers.handle"].GetTagItem("request"));
        Assert.Null(spans["handlers.handle"].GetTagItem("then"));
        var who = (string?)spans["repo.forget"].GetTagItem("who");
        Assert.NotNull(who);
        Assert.DoesNotContain("o-1", who, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public static void M<T>([SpanAttribute] T value) { }", "may be a value type")]
    [InlineData("public static void M<T>([SpanAttribute] T value) where T : struct { }", "may be a value type")]
    [InlineData("public static void M<T>([SpanAttribute] KeyValuePair<T, int> pair) where T : class { }", "a value type built from a type parameter")]
    [InlineData("public static void M<T>([SpanAttribute] T? value) where T : struct { }", "a value type built from a type parameter")]
    [InlineData("public static void M<T>([MetricLabel] List<T> values) { }", "names a type parameter")]
    public void What_may_be_a_value_type_or_is_not_a_span_attribute_is_still_refused(string method, string reason)
    {
        var source = """
            using System.Collections.Generic;
            using Instrumentation;
            public static class C
            {
                [Operation("c.m")]
            """ + method + """

            }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0004", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Problems, d => d.Severity == DiagnosticSeverity.Error);
    }
}
