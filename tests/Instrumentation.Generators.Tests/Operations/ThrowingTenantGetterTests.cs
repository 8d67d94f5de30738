using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// An <c>ITenantScoped.Tenant</c> getter is the app's code, and the interceptor reads it before the call. A newcomer's
/// request-scoped service read the tenant from a header (<c>Tenant => accessor.Current()</c>, throwing
/// <c>BadHttpRequestException</c> when the header is missing): without the SDK its <c>[Operation]</c> method, which never
/// reads the tenant, answered; with it the interceptor threw the getter's exception and the call never ran (and no span
/// or failure was recorded). The operation now runs without tenant ids.
/// </summary>
public sealed class ThrowingTenantGetterTests
{
    private const string Source = """
        using System;
        using Instrumentation;
        namespace Tenants;
        public sealed class Invoices : ITenantScoped
        {
            public TenantContext Tenant => throw new InvalidOperationException("no tenant header");
            [Operation("invoices.import", RequireTenant = true)]
            public int Import(int rows) => rows;
        }
        public struct Job : ITenantScoped
        {
            public TenantContext Tenant => throw new InvalidOperationException("no tenant header");
            [Operation("job.run", RequireTenant = true)]
            public int Run(int steps) => steps;
        }
        public sealed class Request : ITenantScoped
        {
            public TenantContext Tenant => throw new InvalidOperationException("no tenant header");
        }
        public sealed class Handler
        {
            [Operation("handler.handle")]
            public int Handle(Request request, int value) => value;
        }
        public static class Use
        {
            public static int Run() => new Invoices().Import(3) + new Job().Run(20) + new Handler().Handle(new Request(), 100);
        }
        """;

    [Fact]
    public void A_throwing_Tenant_getter_leaves_the_call_and_its_span_without_tenant_ids()
    {
        var assemblyName = CrossProjectHarness.UniqueName("ThrowingTenantGetter");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.Problems);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(123, (int)run.Load().GetType("Tenants.Use")!.GetMethod("Run")!.Invoke(null, null)!);

        Assert.Equal(new[] { "handler.handle", "invoices.import", "job.run" }, recorder.Spans.Select(s => s.OperationName).OrderBy(n => n, System.StringComparer.Ordinal));
        Assert.All(recorder.Spans, span =>
        {
            Assert.Null(span.GetTagItem("org_id"));
            Assert.Equal(System.Diagnostics.ActivityStatusCode.Unset, span.Status);
        });
    }
}
