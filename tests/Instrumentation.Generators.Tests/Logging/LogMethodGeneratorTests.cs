using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Logging;

public sealed partial class LogMethodGeneratorTests
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
        // One file per containing type: both log methods of Demo.Log.
        Assert.Equal("Logging.Demo_Log.g.cs", Assert.Single(run.GeneratedSources, s => s.Key.StartsWith("Logging.", System.StringComparison.Ordinal)).Key);
        Snapshot.Match("Logging.Log", run.GeneratedSources["Logging.Demo_Log.g.cs"]);
    }

    [Fact]
    public void Types_whose_names_flatten_alike_get_separate_files_that_compile()
    {
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            namespace A { public static partial class B_C { [LogMethod(LogLevel.Information, "One {n}")] public static partial void One(ILogger logger, int n); } }
            namespace A.B { public static partial class C { [LogMethod(LogLevel.Information, "Two {n}")] public static partial void Two(ILogger logger, int n); } }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Equal(new[] { "Logging.A_B_C.2.g.cs", "Logging.A_B_C.g.cs" }, run.GeneratedSources.Keys.Where(k => k.StartsWith("Logging.", System.StringComparison.Ordinal)).OrderBy(k => k, System.StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Records_complex_types_and_unreferenced_parameters_generate_code_that_redacts_when_run()
    {
        const string source = """
            using System.Collections.Generic;
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public sealed record Line(string Sku, int Quantity);
            public record Order(string Id, List<Line> Lines, [SecretData] string CardToken, Line First, object Note);

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Order {order} placed")]
                public static partial void Placed(ILogger logger, Order order, int unreferenced, Line line, [PersonalData] string email);

                public static void Run(ILogger logger)
                {
                    var line = new Line("sku-1", 2);
                    var order = new Order("o-1", new List<Line> { line }, "tok_SECRET_1", line, new Line("CLEAR-NOTE sku", 3));
                    Placed(logger, order, 7, line, "SECRET-EMAIL");
                }
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.DoesNotContain(run.Problems, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(new[] { "INS0102", "INS0102", "INS0102" }, run.GeneratorDiagnostics.Select(d => d.Id).ToArray());
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        var (message, state) = Assert.Single(logger.Entries);
        Assert.Equal(
            "Order Order { Id = o-1, Lines = [Line { Sku = sku-1, Quantity = 2 }], CardToken = [REDACTED], First = Line { Sku = sku-1, Quantity = 2 }, Note = Line { Sku = CLEAR-NOTE sku, Quantity = 3 } } placed",
            message);
        Assert.Equal(7, state["unreferenced"]);
        Assert.Equal("Line { Sku = sku-1, Quantity = 2 }", state["line"]);
        Assert.Equal("[REDACTED]", state["email"]);
        Assert.DoesNotContain(state.Values, v => v?.ToString()?.Contains("SECRET") == true);
        Assert.DoesNotContain("SECRET", message);
    }

    [Fact]
    public void Extension_params_formats_and_escapes_compile_and_run()
    {
        const string source = """
            using System;
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public sealed record Box([property: PersonalData] string Email, int N);

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Extension {value}")] public static partial void Extension(this ILogger logger, int value);
                [LogMethod(LogLevel.Information, "Params {values}")] public static partial void Params(ILogger logger, params string[] values);
                [LogMethod(LogLevel.Information, "Empty format {value:} and alignment [{n,4}]")] public static partial void EmptyFormat(ILogger logger, DateTime value, int n);
                [LogMethod(LogLevel.Information, "Escaped format {value:yyyy\\-MM} and \" quote \\ backslash")] public static partial void Backslash(ILogger logger, DateTime value);
                [LogMethod(LogLevel.Information, "Line\u2028separator {value}\u2029")] public static partial void LineSeparator(ILogger logger, int value);
                [LogMethod(LogLevel.Information, "Collide {a} {a_Value}")] public static partial void Collide(ILogger logger, Box a, Box a_Value);

                public static void Run(ILogger logger)
                {
                    logger.Extension(1);
                    Params(logger, "x", "password=hunter2");
                    var date = new DateTime(2026, 5, 17, 0, 0, 0, DateTimeKind.Utc);
                    EmptyFormat(logger, date, 42);
                    Backslash(logger, date);
                    LineSeparator(logger, 3);
                    Collide(logger, new Box("A-SECRET", 1), new Box("B-SECRET", 2));
                }
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        Assert.Equal(
            new[]
            {
                "Extension 1",
                "Params [x, password=[REDACTED]]",
                "Empty format 05/17/2026 00:00:00 and alignment [  42]",
                "Escaped format 2026-05 and \" quote \\ backslash",
                "Line\u2028separator 3\u2029",
                "Collide Box { Email = [REDACTED], N = 1 } Box { Email = [REDACTED], N = 2 }",
            },
            logger.Entries.Select(e => e.Message).ToArray());
    }

    [Fact]
    public void Nullable_value_arguments_with_formats_and_alignments_compile_and_write_null_as_LoggerMessage_does()
    {
        const string source = """
            using System;
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public enum Mode { Fast }

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "At {value:yyyy\\-MM} [{n,5}] [{d,-9:F2}] {mode} {plain}")]
                public static partial void At(ILogger logger, DateTime? value, int? n, double? d, Mode? mode, long? plain);

                public static void Run(ILogger logger)
                {
                    At(logger, new DateTime(2026, 5, 17, 0, 0, 0, DateTimeKind.Utc), 42, 1.5, Mode.Fast, 7);
                    At(logger, null, null, null, null, null);
                }
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        Assert.Equal(
            new[] { "At 2026-05 [   42] [1.50     ] Fast 7", "At (null) [(null)] [(null)   ] (null) (null)" },
            logger.Entries.Select(e => e.Message).ToArray());
    }

    [Fact]
    public void A_framework_struct_that_writes_free_text_is_scrubbed_where_a_number_or_date_keeps_its_text()
    {
        // A security review: a JsonElement parameter, member or object argument wrote its whole JSON document as it was
        // (password, card, bearer token); framework structs were all taken for numbers and dates.
        const string source = """
            using System;
            using System.Text.Json;
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public sealed record Envelope(string Kind, JsonElement Payload);

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Payload {payload} at {at} id {id}")]
                public static partial void Received(ILogger logger, JsonElement payload, DateTime at, Guid id);

                [LogMethod(LogLevel.Information, "Envelope {envelope} thing {thing} maybe {maybe}")]
                public static partial void Wrapped(ILogger logger, Envelope envelope, object thing, JsonElement? maybe);

                public static void Run(ILogger logger)
                {
                    var json = JsonDocument.Parse("{\"user\":\"ada@example.com\",\"password\":\"JE-PW-CANARY\",\"card\":\"4111111111111111\"}").RootElement;
                    Received(logger, json, new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc), Guid.Empty);
                    Wrapped(logger, new Envelope("login", json), json, json);
                }
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        const string scrubbed = "{\"user\":\"[EMAIL]\",\"password\":\"[REDACTED]\",\"card\":\"[CARD]\"}";
        var messages = logger.Entries.Select(e => e.Message).ToArray();
        Assert.Equal(2, messages.Length);
        Assert.Equal("Payload " + scrubbed + " at 12/06/2026 00:00:00 id 00000000-0000-0000-0000-000000000000", messages[0]);
        Assert.Equal("Envelope Envelope { Kind = login, Payload = " + scrubbed + " } thing " + scrubbed + " maybe " + scrubbed, messages[1]);
    }

    [Fact]
    public void Instance_methods_find_a_logger_in_a_base_class_a_primary_constructor_or_a_static_member()
    {
        const string source = """
            using Microsoft.Extensions.Logging;
            using Instrumentation;

            public abstract class LoggingBase { protected LoggingBase(ILogger logger) => Logger = logger; protected ILogger Logger { get; } }
            public sealed partial class Derived : LoggingBase
            {
                public Derived(ILogger logger) : base(logger) { }
                [LogMethod(LogLevel.Warning, "From base {value}")] public partial void FromBase(int value);
            }
            public sealed partial class Primary(ILogger logger)
            {
                [LogMethod(LogLevel.Warning, "From primary constructor {value}")] public partial void FromPrimary(int value);
            }
            public static partial class Static
            {
                internal static ILogger Logger { get; set; } = null!;
                [LogMethod(LogLevel.Warning, "From static property {value}")] public static partial void FromStatic(int value);
            }
            public static class Runner
            {
                public static void Run(ILogger logger)
                {
                    new Derived(logger).FromBase(1);
                    new Primary(logger).FromPrimary(2);
                    Static.Logger = logger;
                    Static.FromStatic(3);
                }
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Runner")!.GetMethod("Run")!.Invoke(null, new object[] { logger });
        Assert.Equal(new[] { "From base 1", "From primary constructor 2", "From static property 3" }, logger.Entries.Select(e => e.Message).ToArray());
    }

    [Fact]
    public void A_logger_member_that_may_be_null_is_checked_as_a_nullable_logger_parameter_is()
    {
        // Found by a semantic probe: 'ILogger? Logger { get; set; }', an 'ILogger?' field or primary-constructor parameter
        // was read without a null check — CS8602 in the generated file and a NullReferenceException from the log call
        // while it is null. Now the line is not written then, as for an 'ILogger?' parameter. A member declared without
        // nullable annotations may be null as well; a non-nullable one is read as declared.
        const string source = """
            using Microsoft.Extensions.Logging;
            using Instrumentation;

            public sealed partial class Property { public ILogger? Logger { get; set; } [LogMethod(LogLevel.Warning, "From property {value}")] public partial void M(int value); }
            public sealed partial class Field { private readonly ILogger? _logger; public Field(ILogger? logger) => _logger = logger; [LogMethod(LogLevel.Warning, "From field {value}")] public partial void M(int value); }
            public sealed partial class Primary<T>(ILogger<T>? logger) { [LogMethod(LogLevel.Warning, "From primary constructor {value}")] public partial void M(int value); }
            #nullable disable
            public sealed partial class Oblivious { public ILogger Logger { get; set; } [LogMethod(LogLevel.Warning, "From oblivious {value}")] public partial void M(int value); }
            #nullable restore
            public static class Runner
            {
                public static void Run(ILogger logger)
                {
                    new Property().M(0);
                    new Field(null).M(0);
                    new Primary<int>(null).M(0);
                    new Oblivious().M(0);
                    new Property { Logger = logger }.M(1);
                    new Field(logger).M(2);
                    new Primary<int>(new Microsoft.Extensions.Logging.Logger<int>(new ForwardingFactory(logger))).M(3);
                    new Oblivious { Logger = logger }.M(4);
                }
            }
            public sealed class ForwardingFactory(ILogger logger) : ILoggerFactory
            {
                public ILogger CreateLogger(string categoryName) => logger;
                public void AddProvider(ILoggerProvider provider) { }
                public void Dispose() { }
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Runner")!.GetMethod("Run")!.Invoke(null, new object[] { logger });
        Assert.Equal(
            new[] { "From property 1", "From field 2", "From primary constructor 3", "From oblivious 4" },
            logger.Entries.Select(e => e.Message).ToArray());
    }

    [Fact]
    public void A_log_method_that_cannot_be_generated_reports_only_its_INS_error_not_CS8795()
    {
        const string source = """
            using System;
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class L
            {
                [LogMethod(LogLevel.Information, "x {a}")] public static partial void NoLogger(int a);
                [LogMethod(LogLevel.Information, "x {missing}")] public static partial void Missing(ILogger l);
                [LogMethod(LogLevel.Information, "x {a")] public static partial void Malformed(ILogger l, int a);
                [LogMethod(LogLevel.Information, "x {a}")] public static partial int Returns(ILogger l, int a);
                [LogMethod(LogLevel.Information, "x {a}")] public static partial void WithOut(ILogger l, out int a);
                [LogMethod(LogLevel.Information, "x {value}")] public static partial void Generic<T>(ILogger l, T value) where T : class, IComparable<T>, new();
                [LogMethod(LogLevel.Information, "x {data}")] public static partial void Span(ILogger l, scoped ReadOnlySpan<byte> data);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Equal(
            new[] { "INS0100", "INS0100", "INS0100", "INS0100", "INS0100", "INS0101", "INS0104" },
            run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal).ToArray());
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("INS", System.StringComparison.Ordinal));
        Assert.Equal(7, run.GeneratedSources.Keys.Count(k => k.Contains(".NotGenerated", System.StringComparison.Ordinal)));
    }

    [Fact]
    public void Overloads_without_explicit_event_ids_are_not_duplicates_but_explicit_ids_are_compared_with_all()
    {
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class L
            {
                [LogMethod(LogLevel.Information, "a {x}")] public static partial void Over(ILogger l, int x);
                [LogMethod(LogLevel.Information, "a {x} {y}")] public static partial void Over(ILogger l, int x, int y);
                [LogMethod(LogLevel.Information, "b", EventId = 5)] public static partial void B(ILogger l);
                [LogMethod(LogLevel.Information, "c", EventId = 5)] public static partial void C(ILogger l);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        var duplicate = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0103", duplicate.Id);
        Assert.Contains("L.C(ILogger)", duplicate.GetMessage());
        Assert.Empty(run.Problems);
    }

    [Fact]
    public void INS0104_alignment_that_is_not_a_number()
    {
        var diagnostic = Single("public static partial class L { [LogMethod(LogLevel.Information, \"Hello {name,wide}\")] public static partial void M(ILogger l, string name); }", "INS0104");
        Assert.Contains("not a whole number", diagnostic.GetMessage());
    }

    [Fact]
    public void Log_methods_in_every_kind_of_containing_type_compile()
    {
        const string source = """
            using System.Collections.Generic;
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            namespace Deep.Space
            {
                public partial record R(ILogger Logger) { [LogMethod(LogLevel.Information, "r {x}")] public partial void M(int x); }
                public partial record struct RS(ILogger Logger) { [LogMethod(LogLevel.Information, "rs {x}")] public partial void M(int x); }
                public readonly partial struct S { private readonly ILogger _logger; public S(ILogger l) => _logger = l; [LogMethod(LogLevel.Information, "s {x}")] public partial void M(int x); }
                public ref partial struct RefS { private readonly ILogger _logger; public RefS(ILogger l) => _logger = l; [LogMethod(LogLevel.Information, "ref {x}")] public partial void M(int x); }
                public partial class Outer<T> where T : class
                {
                    private static ILogger s_logger = null!;
                    public partial class Inner<U>
                    {
                        [LogMethod(LogLevel.Information, "generic {t} {u} {list}")] public static partial void M(T t, U u, List<T> list);
                    }
                }
                public partial interface IHasLog { [LogMethod(LogLevel.Information, "interface {x}")] static partial void M(ILogger logger, int x); }
                public static partial class @class { [LogMethod(LogLevel.Information, "keyword {event}")] public static partial void @void(ILogger logger, int @event); }
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_log_method_models_cached()
    {
        const string unrelated = "public static class Unrelated { public static int Add(int a, int b) => a + b; }";
        var compilation = GeneratorHarness.Compile(Source, unrelated);
        var driver = GeneratorHarness.CreateDriver(new LogMethodGenerator()).RunGenerators(compilation);

        var old = compilation.SyntaxTrees[1];
        var edited = compilation.ReplaceSyntaxTree(old, Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(unrelated.Replace("a + b", "a + b + 1"), GeneratorHarness.ParseOptions, old.FilePath));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in new[] { "LogMethods", "LogMethodModels", "AllLogMethods" })
        {
            Assert.All(result.TrackedSteps[step].SelectMany(r => r.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + " was " + output.Reason));
        }
    }

    [Fact]
    public void Log_models_and_stubs_hold_no_roslyn_objects()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };
        var seen = new System.Collections.Generic.HashSet<System.Type>();
        var pending = new System.Collections.Generic.Queue<System.Type>(new[] { typeof(LogMethodModel), typeof(LogStubModel) });
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                continue;
            }

            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), type + " is a Roslyn object");
            foreach (var field in type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            {
                pending.Enqueue(field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType);
                foreach (var argument in field.FieldType.GetGenericArguments())
                {
                    pending.Enqueue(argument);
                }
            }
        }

        Assert.Contains(typeof(FormatterMemberModel), seen);
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
        // A C# 14 extension block (the compiler rejects partial members there, CS0751): the message named its nameless marker type ''.
        var extensionBlock = Single("public static partial class L3 { extension(ILogger logger) { [LogMethod(LogLevel.Information, \"x {a}\")] public partial void M(int a); } }", "INS0100");
        Assert.Contains("members of extension blocks cannot be partial", extensionBlock.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("'public static partial void M(this ILogger logger, …)'", extensionBlock.GetMessage(), System.StringComparison.Ordinal);
        Assert.DoesNotContain("''", extensionBlock.GetMessage(), System.StringComparison.Ordinal);
    }

    /// <summary>
    /// A stranger's half-migrated method carried both <c>[LogMethod]</c> and Microsoft's <c>[LoggerMessage]</c>: both
    /// generators wrote an implementation, CS0757 in Microsoft's file and no word from the SDK. Now INS0100, and the SDK
    /// writes none.
    /// </summary>
    [Fact]
    public void INS0100_a_method_with_LoggerMessage_too_gets_no_second_implementation()
    {
        var run = GeneratorHarness.Run(new LogMethodGenerator(), """
            using Instrumentation;
            using Microsoft.Extensions.Logging;
            public static partial class Both
            {
                [LogMethod(LogLevel.Information, "Both {value}")]
                [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Both {Value}")]
                public static partial void Twice(ILogger logger, int value);
            }
            """);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0100");
        Assert.Contains("it also has [LoggerMessage], whose generator writes its implementation too (CS0757)", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.DoesNotContain(run.GeneratedSources.Values, code => code.Contains("Twice(", System.StringComparison.Ordinal));
    }

    [Fact]
    public void INS0101_placeholder_without_parameter()
    {
        var diagnostic = Single("public static partial class L { [LogMethod(LogLevel.Information, \"Hello {name}\")] public static partial void M(ILogger l); }", "INS0101");
        Assert.Contains("'{name}'", diagnostic.GetMessage());
    }

    // A newcomer's trial: INS0101 pointed at the whole attribute and said only "matches no parameter", for '{0}' (a
    // position, as string.Format writes it) and for a misspelt name alike.
    [Theory]
    [InlineData("\"Refund {0} for {reason}\"", "{0}", "The placeholder '{0}' in the template of 'L.M(ILogger, string, string)' matches no parameter: placeholders are parameter names, not positions ({order} or {reason})")]
    [InlineData("\"Refund {ordr} for {reason}\"", "{ordr}", "The placeholder '{ordr}' in the template of 'L.M(ILogger, string, string)' matches no parameter: did you mean '{order}'?")]
    [InlineData("\"Refund {amount,8:F2} for {reason}\"", "{amount,8:F2}", "The placeholder '{amount}' in the template of 'L.M(ILogger, string, string)' matches no parameter: no placeholder names 'order'")]
    [InlineData("@\"Refund {{x}} {x} for {reason}\"", "{x}", "The placeholder '{x}' in the template of 'L.M(ILogger, string, string)' matches no parameter: no placeholder names 'order'")]
    [InlineData("Template", null, "The placeholder '{x}' in the template of 'L.M(ILogger, string, string)' matches no parameter: no placeholder names 'order'")]
    public void INS0101_is_at_the_placeholder_and_says_what_was_likely_meant(string template, string? at, string message)
    {
        var body = "public static partial class L { const string Template = \"Refund {x} for {reason}\"; [LogMethod(LogLevel.Information, " + template + ")] public static partial void M(ILogger l, string order, string reason); }";
        var diagnostic = Single(body, "INS0101");
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var located = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
        // A constant template has no place in the attribute to point at: the attribute, as before.
        Assert.Equal(at ?? "LogMethod(LogLevel.Information, Template)", located);
    }

    // A helper's note: the placeholder was found only in the second positional argument, so a template written as a
    // named argument (message: "…", also before the level) got the whole attribute.
    [Theory]
    [InlineData("LogLevel.Information, message: \"Refund {ordr} for {reason}\"")]
    [InlineData("message: \"Refund {ordr} for {reason}\", level: LogLevel.Information")]
    public void INS0101_is_at_the_placeholder_of_a_named_template(string arguments)
    {
        var body = "public static partial class L { [LogMethod(" + arguments + ")] public static partial void M(ILogger l, string order, string reason); }";
        var diagnostic = Single(body, "INS0101");
        Assert.Equal("{ordr}", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
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
