using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Logging;

public sealed class LogMethodGeneratorTests
{
    private const string Source = """
        using System;
        using Instrumentation;
        using Microsoft.Extensions.Logging;

        namespace Demo;

        public sealed record User(string Name, [PersonalData] string Email);

        public static partial class Log
        {
            [LogMethod(LogLevel.Information, "User {user} bought {count} items for {total:F2} ({{EUR}})", EventId = 7)]
            public static partial void Bought(ILogger logger, User user, int count, decimal total);

            [LogMethod(LogLevel.Warning, "Password reset for {email}")]
            public static partial void Reset(ILogger logger, [PersonalData] string email, Exception error);
        }
        """;

    [Fact]
    public void Log_methods_match_the_reviewed_snapshot_and_compile_cleanly()
    {
        var run = GeneratorHarness.Run(new LogMethodGenerator(), Source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Equal(2, run.GeneratedSources.Count);
        Snapshot.Match("Logging.Bought", run.GeneratedSources.Single(s => s.Key.Contains(".Bought.")).Value);
    }

    [Fact]
    public void Records_complex_types_and_unreferenced_parameters_do_not_break_generation()
    {
        const string source = """
            using System.Collections.Generic;
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public sealed record Line(string Sku, int Quantity);
            public sealed record Order(string Id, List<Line> Lines, [SecretData] string CardToken, Line First);

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Order {order} placed")]
                public static partial void Placed(ILogger logger, Order order, int unreferenced, Line line);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.DoesNotContain(run.Problems, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(new[] { "INS0102", "INS0102" }, run.GeneratorDiagnostics.Select(d => d.Id).ToArray());
    }

    private static Diagnostic Single(string body, string id)
    {
        var source = "using System; using Instrumentation; using Microsoft.Extensions.Logging;\n" + body;
        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0001");
        return Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
    }

    [Fact]
    public void INS0100_non_partial_type_or_missing_logger()
    {
        var noLogger = Single("public static partial class L { [LogMethod(LogLevel.Information, \"x\")] public static partial void M(int a); }", "INS0100");
        Assert.Contains("needs an ILogger", noLogger.GetMessage());
        var notPartial = Single("public static class L2 { [LogMethod(LogLevel.Information, \"x\")] public static partial void M(ILogger l); }", "INS0100");
        Assert.Contains("must be partial", notPartial.GetMessage());
    }

    [Fact]
    public void INS0101_placeholder_without_parameter()
    {
        var diagnostic = Single("public static partial class L { [LogMethod(LogLevel.Information, \"Hello {name}\")] public static partial void M(ILogger l); }", "INS0101");
        Assert.Contains("'{name}'", diagnostic.GetMessage());
    }

    [Fact]
    public void INS0102_parameter_without_placeholder_points_at_the_parameter()
    {
        const string body = "public static partial class L { [LogMethod(LogLevel.Information, \"Hello\")] public static partial void M(ILogger l, int extra); }";
        var diagnostic = Single(body, "INS0102");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'extra'", diagnostic.GetMessage());
    }

    [Fact]
    public void INS0103_duplicate_event_id_in_a_type()
    {
        var diagnostic = Single("""
            public static partial class L
            {
                [LogMethod(LogLevel.Information, "a", EventId = 5)] public static partial void A(ILogger l);
                [LogMethod(LogLevel.Information, "b", EventId = 5)] public static partial void B(ILogger l);
            }
            """, "INS0103");
        Assert.Contains("L.A(ILogger)", diagnostic.GetMessage());
    }

    [Fact]
    public void INS0104_malformed_template()
    {
        var diagnostic = Single("public static partial class L { [LogMethod(LogLevel.Information, \"Hello {name\")] public static partial void M(ILogger l, string name); }", "INS0104");
        Assert.Contains("never closed", diagnostic.GetMessage());
    }

    [Fact]
    public void Every_logging_descriptor_has_a_documentation_page()
    {
        foreach (var descriptor in LogMethodDiagnostics.All)
        {
            var directory = System.AppContext.BaseDirectory;
            while (!System.IO.File.Exists(System.IO.Path.Combine(directory!, "Instrumentation.sln")))
            {
                directory = System.IO.Path.GetDirectoryName(directory);
            }

            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(directory!, "docs", "diagnostics", descriptor.Id + ".md")), descriptor.Id);
        }
    }
}
