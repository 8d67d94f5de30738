using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A partial method split over two files is two symbols with merged parameter attributes: every analyzer reports each
/// finding once (an analyzer probe found INS1001 twice at one place; INS1020 and the parameter-role findings were reported twice too).
/// </summary>
public sealed class PartialHalvesTests
{
    [Fact]
    public async Task Each_finding_on_a_partial_method_split_over_two_files_is_reported_once()
    {
        const string usings = "using System; using System.Net; using Microsoft.Extensions.Logging; using Instrumentation;\n";
        var files = new[]
        {
            ("/src/A.cs", usings + "public partial class Orders { [Operation(\"Orders.Place!\")] public partial void Place([MetricLabel] string userName, [SpanAttribute] string email, [SpanAttribute] IPAddress peer, string orgId, string projectId); }"),
            ("/src/B.cs", usings + "public partial class Orders { public partial void Place(string userName, string email, IPAddress peer, string orgId, string projectId) { } }"),
            // Role attributes on a method that is no operation (INS0026-style findings of ParameterRoleAnalyzer).
            ("/src/C.cs", usings + "public partial class Jobs { public partial void Run([OrgId] string org); }"),
            ("/src/D.cs", usings + "public partial class Jobs { public partial void Run(string org) { } }"),
        };

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(files);

        Assert.NotEmpty(diagnostics);
        var keys = diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(keys.Distinct().ToList(), keys);
    }
}
