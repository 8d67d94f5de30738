using System.Globalization;
using System.Linq;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A method with only [FunnelEvent] (no operation attribute) gets the same reach diagnostics as an operation (INS0013,
/// INS0016, INS0017, INS0018). They went through the funnel descriptors' lookup, which knew none of them and fell back
/// to INS0200: a bogus **error** "'{0}' in funnel event '{1}' of '{2}' cannot be resolved: {3}" (unformatted) that broke
/// the build of a correct method (found on a SignalR hub method with a funnel event).
/// </summary>
public sealed class FunnelOnlyRobustnessTests
{
    [Fact]
    public void Reach_diagnostics_of_a_funnel_only_method_keep_their_own_id_severity_and_message()
    {
        const string source = """
            using Instrumentation;
            namespace App;
            public abstract class Job { public abstract int Run(string org); }
            public sealed class Nightly : Job
            {
                [FunnelEvent("NightlyRan", OrgId = "org")]
                public override int Run(string org) => 1;
            }
            public sealed class Rows : System.IDisposable
            {
                [FunnelEvent("RowsClosed")]
                public void Dispose() { }
            }
            public static class Use
            {
                public static int Call(Nightly n) => n.Run("o");
            }
            """;
        var (_, diagnostics) = OtherGenerators.Run(source);

        Assert.DoesNotContain(diagnostics, d => d.Id == "INS0200");
        var overrideOnly = Assert.Single(diagnostics, d => d.Id == "INS0013");
        Assert.Equal(DiagnosticSeverity.Warning, overrideOnly.Severity);
        Assert.Contains("Nightly.Run", overrideOnly.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.DoesNotContain("{0}", overrideOnly.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.All(diagnostics, d => Assert.NotEqual(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public void A_funnel_only_hub_method_is_INS0021_not_an_INS0200_error()
    {
        const string source = """
            namespace Microsoft.AspNetCore.SignalR { public abstract class Hub { } }
            namespace App
            {
                using Instrumentation;
                public sealed class ChatHub : Microsoft.AspNetCore.SignalR.Hub
                {
                    [FunnelEvent("HubJoined", OncePerEntity = true, EntityId = "room", OrgId = "room")]
                    public int Join(string room) => room.Length;
                }
            }
            """;
        var (_, diagnostics) = OtherGenerators.Run(source);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("INS0021", DiagnosticSeverity.Warning), (diagnostic.Id, diagnostic.Severity));
        Assert.StartsWith("'ChatHub.Join' is a SignalR hub method", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }
}
