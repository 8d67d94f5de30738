using System.Globalization;
using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Logging;

/// <summary>
/// Template syntax at its edges, read as Microsoft.Extensions.Logging reads it (<c>LogValuesFormatter</c> at run time, the
/// <c>[LoggerMessage]</c> generator at compile time): braces in a placeholder's format, spaces around a placeholder's
/// name, one placeholder spelt twice.
/// </summary>
public sealed partial class LogMethodGeneratorTests
{
    private static GeneratorRun RunTemplate(string templateLiteral, string parameters, out int literalStart)
    {
        var source = "using System; using Instrumentation; using Microsoft.Extensions.Logging;\n"
            + "public static partial class L { const string Template = \"{a:{{0}}}\"; [LogMethod(LogLevel.Information, " + templateLiteral + ")] public static partial void M(ILogger l" + parameters + "); }";
        literalStart = source.LastIndexOf(templateLiteral, System.StringComparison.Ordinal);
        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0001");
        return run;
    }

    // "{a:{{0}}}" was INS0104 "'{' at position 0 is never closed", at the whole attribute, though the '{' at 0 is closed:
    // the offending brace is the one at 3, inside the format. Braces cannot be escaped in a format: .NET's composite
    // formatting ends a format at its first '}' and rejects any '{' in it, so Microsoft.Extensions.Logging's
    // LogValuesFormatter throws a FormatException for this template ("Failure to parse near offset 3"; its [LoggerMessage]
    // generator lets it through to a TypeInitializationException at the first call). It stays an error, now at that brace.
    [Theory]
    [InlineData("\"{a:{{0}}}\"", 4, "'{' at position 3 is inside the format of the placeholder '{a}' that opens at position 0: a format ends at its first '}' and cannot hold a '{', not even a doubled one ('{{' is no escape there; Microsoft.Extensions.Logging throws a FormatException for it)")]
    [InlineData("\"Note \\\"{a:{{0}}}\\\"\"", 11, "'{' at position 9 is inside the format of the placeholder '{a}' that opens at position 6: a format ends at its first '}' and cannot hold a '{', not even a doubled one ('{{' is no escape there; Microsoft.Extensions.Logging throws a FormatException for it)")]
    [InlineData("@\"\"\"x\"\" {a,4:x{y}\"", 14, "'{' at position 10 is inside the format of the placeholder '{a}' that opens at position 4: a format ends at its first '}' and cannot hold a '{', not even a doubled one ('{{' is no escape there; Microsoft.Extensions.Logging throws a FormatException for it)")]
    [InlineData("\"\"\"at \"x\" {a:{{0}}}\"\"\"", 13, "'{' at position 10 is inside the format of the placeholder '{a}' that opens at position 7: a format ends at its first '}' and cannot hold a '{', not even a doubled one ('{{' is no escape there; Microsoft.Extensions.Logging throws a FormatException for it)")]
    [InlineData("\"\\u0041 {a:\\u007b}\"", 11, "'{' at position 5 is inside the format of the placeholder '{a}' that opens at position 2: a format ends at its first '}' and cannot hold a '{', not even a doubled one ('{{' is no escape there; Microsoft.Extensions.Logging throws a FormatException for it)")]
    [InlineData("\"\"\"\n  x {a:{{0}}}\n  \"\"\"", 11, "'{' at position 5 is inside the format of the placeholder '{a}' that opens at position 2: a format ends at its first '}' and cannot hold a '{', not even a doubled one ('{{' is no escape there; Microsoft.Extensions.Logging throws a FormatException for it)")]
    public void INS0104_a_brace_in_a_placeholders_format_is_reported_at_that_brace(string literal, int sourceOffset, string reason)
    {
        var run = RunTemplate(literal, ", int a", out var literalStart);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0104", diagnostic.Id);
        Assert.Equal("The message template of 'L.M(ILogger, int)' is malformed: " + reason, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        // The location is the offending brace in the source, counted through the literal's escapes.
        Assert.Equal(literalStart + sourceOffset, diagnostic.Location.SourceSpan.Start);
        var brace = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
        Assert.Equal(literal.Contains("\\u007b", System.StringComparison.Ordinal) ? "\\u007b" : "{", brace);
        // Not generated, but the do-nothing implementation keeps the build to this one error.
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("INS", System.StringComparison.Ordinal));
    }

    // The other malformed templates are reported at what is wrong in the literal too (they were at the whole attribute),
    // with the position the message names; a template that is not a literal in the attribute has no such place.
    [Theory]
    [InlineData("\"Hello {name\"", ", string name", 7, "{", "'{' at position 6 is never closed (write '{{' for a literal brace)")]
    [InlineData("\"Hello {name {other}\"", ", string name, string other", 7, "{", "'{' at position 6 is never closed: the '{' at position 12 comes before any '}' (write '{{' for a literal brace)")]
    [InlineData("\"Hello name} {x}\"", ", string x", 11, "}", "'}' at position 10 has no opening '{' (write '}}' for a literal brace)")]
    [InlineData("\"Hello {a:x}} {x}\"", ", string a, string x", 12, "}", "'}' at position 11 has no opening '{' (write '}}' for a literal brace)")]
    [InlineData("\"Hello {na me}\"", ", string name", 7, "{na me}", "'{na me}' is not a placeholder name")]
    [InlineData("\"Hello { }\"", "", 7, "{ }", "'{ }' is not a placeholder name")]
    [InlineData("\"Hello {name,wide}\"", ", string name", 7, "{name,wide}", "the alignment ',wide' of '{name}' is not a whole number")]
    [InlineData("Template", ", int a", -1, "LogMethod(LogLevel.Information, Template)", "'{' at position 3 is inside the format of the placeholder '{a}' that opens at position 0: a format ends at its first '}' and cannot hold a '{', not even a doubled one ('{{' is no escape there; Microsoft.Extensions.Logging throws a FormatException for it)")]
    public void INS0104_is_at_the_offending_text_of_the_template(string literal, string parameters, int sourceOffset, string at, string reason)
    {
        var run = RunTemplate(literal, parameters, out var literalStart);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0104", diagnostic.Id);
        Assert.EndsWith("is malformed: " + reason, diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Equal(at, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        if (sourceOffset >= 0)
        {
            Assert.Equal(literalStart + sourceOffset, diagnostic.Location.SourceSpan.Start);
        }
    }

    // "{ value }" was read as the placeholder 'value', its name trimmed. Microsoft.Extensions.Logging keeps the spaces: its
    // LogValuesFormatter names the field " value ", and its [LoggerMessage] generator reports SYSLIB1014 ("Template
    // ' value ' is not provided as argument to the logging method", .NET 10). Read as written, the name matches no
    // parameter: INS0101 at the placeholder, saying to write it without the spaces.
    [Theory]
    [InlineData("{ value }", "'{ value }'", "write '{value}'")]
    [InlineData("{value }", "'{value }'", "write '{value}'")]
    [InlineData("{ value,8}", "'{ value}'", "write '{value}'")]
    [InlineData("{Value :F2}", "'{Value }'", "write '{Value}'")]
    [InlineData("{ @value }", "'{ @value }'", "write '{@value}'")]
    [InlineData("{ valu }", "'{ valu }'", "without them: did you mean '{value}'?")]
    public void INS0101_spaces_inside_a_placeholders_braces_are_part_of_its_name_as_in_MEL(string placeholder, string quoted, string advice)
    {
        var run = RunTemplate("\"Reading " + placeholder + " done\"", ", double value", out var literalStart);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0101", diagnostic.Id);
        Assert.Equal(
            "The placeholder " + quoted + " in the template of 'L.M(ILogger, double)' matches no parameter: the spaces inside its braces are part of its name, as Microsoft.Extensions.Logging reads a placeholder (the [LoggerMessage] generator reports SYSLIB1014 for it); " + advice,
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(placeholder, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(literalStart + 9, diagnostic.Location.SourceSpan.Start);
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("INS", System.StringComparison.Ordinal));
    }

    // Spaces elsewhere in a placeholder are .NET's composite formatting, which Microsoft.Extensions.Logging passes the
    // placeholder to after its name: around the alignment, and in the format (where they are written).
    [Fact]
    public void Spaces_around_an_alignment_and_in_a_format_are_kept_as_MEL_keeps_them()
    {
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "[{value, 6 }] [{at, -6 :F1}] [{n: 0}]")]
                public static partial void M(ILogger logger, int value, double at, int n);

                public static void Run(ILogger logger) => M(logger, 42, 1.5, 7);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        var (message, state) = Assert.Single(logger.Entries);
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, "[{0, 6 }] [{1, -6 :F1}] [{2: 0}]", 42, 1.5, 7), message);
        Assert.Equal("[    42] [1.5   ] [ 7]", message);
        Assert.Equal(42, state["value"]);
        Assert.Equal(1.5, state["at"]);
        Assert.Equal(7, state["n"]);
    }

    // One placeholder written in two cases ("{userId} … {UserID}") is one field, of the parameter matched
    // case-insensitively (userid). The field was named by the last spelling, "UserID"; it is named by the first, as the
    // template's reader meets it and as Microsoft.Extensions.Logging's formatter lists the names, in template order.
    // (The [LoggerMessage] generator keys it by the last spelling, and its generated code does not compile then: CS0103.)
    [Fact]
    public void A_placeholder_spelt_in_two_cases_is_one_field_named_by_its_first_spelling()
    {
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "User {userId} signed in; {UserID} again, as [{USERID,3}]")]
                public static partial void SignedIn(ILogger logger, int userid);

                [LogMethod(LogLevel.Information, "Device {DEVICE} is {device}")]
                public static partial void Seen(ILogger logger, string Device);

                public static void Run(ILogger logger)
                {
                    SignedIn(logger, 7);
                    Seen(logger, "dev-1");
                }
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        Assert.Equal(2, logger.Entries.Count);
        var (message, state) = logger.Entries[0];
        Assert.Equal("User 7 signed in; 7 again, as [  7]", message);
        Assert.Equal(7, state["userId"]);
        Assert.Equal(new[] { "userId" }, state.Keys.Where(k => string.Equals(k, "userid", System.StringComparison.OrdinalIgnoreCase)).ToArray());

        (message, state) = logger.Entries[1];
        Assert.Equal("Device dev-1 is dev-1", message);
        Assert.Equal("dev-1", state["DEVICE"]);
        Assert.Equal(new[] { "DEVICE" }, state.Keys.Where(k => string.Equals(k, "device", System.StringComparison.OrdinalIgnoreCase)).ToArray());
    }
}
