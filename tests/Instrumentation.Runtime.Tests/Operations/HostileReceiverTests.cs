using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Testing;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>The tenant implemented explicitly: generated code read 'value.Tenant' (CS1061).</summary>
public sealed class ExplicitTenantOrders : ITenantScoped
{
    TenantContext ITenantScoped.Tenant => new("org-explicit", "shop");

    [Operation("hostile.explicit_tenant")]
    public int Place(int quantity) => quantity * 2;
}

/// <summary>The tenant implemented by a derived interface's default implementation (CS1061).</summary>
public interface IShopScoped : ITenantScoped
{
    TenantContext ITenantScoped.Tenant => new("org-default", "shop");
}

/// <summary>Takes its tenant from <see cref="IShopScoped"/>'s default implementation.</summary>
public sealed class DefaultTenantOrders : IShopScoped
{
    [Operation("hostile.default_tenant")]
    public int Place(int quantity) => quantity * 3;
}

/// <summary>A member of its own named Tenant beside the explicit implementation (CS0029).</summary>
public sealed class ShadowedTenantOrders : ITenantScoped
{
    public string Tenant => "not a tenant";

    TenantContext ITenantScoped.Tenant => new("org-shadowed", "shop");

    [Operation("hostile.shadowed_tenant")]
    public int Place(int quantity) => quantity * 4;
}

/// <summary>A struct whose Tenant getter changes it: the SDK's read must not change the app's struct.</summary>
public struct CountingScope : ITenantScoped
{
    public int Reads { get; private set; }

    public TenantContext Tenant
    {
        get
        {
            Reads++;
            return new TenantContext("org-struct", "shop");
        }
    }

    [Operation("hostile.struct_tenant")]
    public readonly int Place(int quantity) => quantity + Reads;
}

/// <summary>A collection whose Count is an explicit implementation: 'rows.Count' does not bind (CS0428 before).</summary>
public sealed class ExplicitRows : IReadOnlyCollection<int>
{
    int IReadOnlyCollection<int>.Count => 4;

    public IEnumerator<int> GetEnumerator() => Enumerable.Range(1, 4).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A tenant id whose text cannot be made.</summary>
public sealed class UnprintableId
{
    public override string ToString() => throw new InvalidOperationException("no text");
}

/// <summary>Static operations taking hostile tenant sources and contexts.</summary>
public static class HostileCalls
{
    public static bool AuditRan { get; set; }

    [Operation("hostile.scoped_parameter")]
    public static int Record(ExplicitTenantOrders scope, int n) => n;

    [Operation("hostile.http_context")]
    public static int Audit(HttpContext context, string text)
    {
        AuditRan = true;
        return text.Length;
    }

    [Operation("hostile.rows")]
    public static int TakeRows([Batch] ExplicitRows rows) => rows.Sum();

    [Operation("hostile.org_text")]
    public static int ForOrg([OrgId] UnprintableId org) => 7;
}

/// <summary>
/// A stranger's hostile-code trial: an <c>ITenantScoped</c> implemented explicitly, by a default interface method, or
/// beside a <c>Tenant</c> member of the type's own broke the build in generated code (CS1061, CS0029); a context whose
/// token getter throws (an IDE-implemented fake <c>HubCallerContext</c>, a disposed <c>HttpContext</c>) and an
/// <c>[OrgId]</c> whose <c>ToString()</c> throws stopped the call before it ran; a struct's Tenant getter changed the
/// app's struct. Each now runs as it does without the SDK, with its tenant where it can be read.
/// </summary>
public sealed class HostileReceiverTests
{
    [Fact]
    public void Explicit_default_and_shadowed_tenant_implementations_build_run_and_record_their_tenant()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Equal(2, new ExplicitTenantOrders().Place(1));
        Assert.Equal(3, new DefaultTenantOrders().Place(1));
        Assert.Equal(4, new ShadowedTenantOrders().Place(1));
        Assert.Equal(5, HostileCalls.Record(new ExplicitTenantOrders(), 5));

        Assert.Equal("org-explicit", capture.Span("hostile.explicit_tenant").Tag("org_id"));
        Assert.Equal("org-default", capture.Span("hostile.default_tenant").Tag("org_id"));
        Assert.Equal("org-shadowed", capture.Span("hostile.shadowed_tenant").Tag("org_id"));
        Assert.Equal("org-explicit", capture.Span("hostile.scoped_parameter").Tag("org_id"));
    }

    [Fact]
    public void A_structs_tenant_is_read_from_a_copy()
    {
        using var capture = TelemetryCapture.Start();
        var scope = default(CountingScope);

        Assert.Equal(1, scope.Place(1));
        Assert.Equal(0, scope.Reads);
        Assert.Equal("org-struct", capture.Span("hostile.struct_tenant").Tag("org_id"));
    }

    [Fact]
    public void A_context_whose_token_getter_throws_and_an_org_id_whose_text_throws_do_not_stop_the_call()
    {
        using var capture = TelemetryCapture.Start();
        var context = new DefaultHttpContext();
        context.Uninitialize();

        Assert.Equal(4, HostileCalls.Audit(context, "done"));
        Assert.True(HostileCalls.AuditRan);
        Assert.Equal(7, HostileCalls.ForOrg(new UnprintableId()));

        capture.Span("hostile.http_context");
        Assert.False(capture.Span("hostile.org_text").HasTag("org_id"));
    }

    [Fact]
    public void A_batch_whose_Count_is_an_explicit_implementation_records_its_size()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Equal(10, HostileCalls.TakeRows(new ExplicitRows()));

        var sizes = capture.Measurements.Where(m => m.Instrument == "hostile_rows_batch_size").Select(m => Convert.ToDouble(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(new[] { 4.0 }, sizes);
    }
}
