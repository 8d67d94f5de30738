using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Logging;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using Xunit;

namespace Instrumentation.Runtime.Tests.Compliance;

/// <summary>
/// Issue 13: <c>builder.Logging.EnableRedaction()</c> (Microsoft.Extensions.Telemetry) with <c>AddRedaction(...)</c> and
/// real providers — the console logger with our JSON formatter and the OpenTelemetry logger with our processor. Microsoft's
/// <c>ExtendedLogger</c> wraps every non-Microsoft state in its own joiner, so providers no longer see our redacted-state
/// marker: each generated value must still be redacted exactly once (by the redactor Microsoft maps its class to), the
/// opted-out value must pass as it is, and nothing may be scrubbed or redacted a second time.
/// </summary>
public sealed class EnableRedactionTests : IDisposable
{
    private const string Category = "Tests.EnableRedaction";
    private const string Email = "ada@example.com";
    private const string Support = "help@contoso.example";
    private const string Password = "s3cr3t-Passw0rd";
    private const string Note = "retry for bob@example.com";

    private const string ExpectedMessage =
        "User " + PersonalTagRedactor.Text + " signed in (support " + Support + ") with " + SecretTagRedactor.Text + ": retry for [EMAIL], attempt 3";

    public EnableRedactionTests() => Redactors.Reset();

    public void Dispose()
    {
        Redactors.Reset();
        InstrumentationLogging.Reset();
    }

    [Fact]
    public void Console_json_under_EnableRedaction_writes_each_value_redacted_once_and_the_opted_out_value_as_it_is()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            using (var services = NewServices(logging => logging.AddInstrumentationJsonConsole()))
            {
                AssertMicrosoftLoggerFactory(services);
                Redactors.Use(services.GetRequiredService<IRedactorProvider>());
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
                WriteSignIn(logger);
            }

            // Disposing the provider drains the console queue.
        }
        finally
        {
            Console.SetOut(original);
        }

        var line = Assert.Single(output.ToString().Split('\n'), l => l.Contains(Category, StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        var fields = json.RootElement.EnumerateObject().Where(p => p.Name != "ts").ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(
            new Dictionary<string, string?> { ["level"] = "info", ["msg"] = ExpectedMessage, ["logger"] = Category },
            fields);
        AssertNoClearText(line);
    }

    [Fact]
    public void OpenTelemetry_logger_under_EnableRedaction_exports_each_value_redacted_once_and_the_opted_out_value_as_it_is()
    {
        var capture = new CapturingLogProcessor();
        using (var services = NewServices(logging => ExportTo(logging, capture)))
        {
            AssertMicrosoftLoggerFactory(services);
            Redactors.Use(services.GetRequiredService<IRedactorProvider>());
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
            WriteSignIn(logger);
        }

        var record = Assert.Single(capture.Records, r => r.Category == Category);
        Assert.Equal(ExpectedMessage, record.FormattedMessage);
        Assert.Equal(PersonalTagRedactor.Text, record.Attribute("email"));
        Assert.Equal(Support, record.Attribute("supportAddress"));
        Assert.Equal(SecretTagRedactor.Text, record.Attribute("password"));
        Assert.Equal("retry for [EMAIL]", record.Attribute("note"));
        Assert.Equal(3, record.Attribute("attempt"));
        foreach (var text in record.Texts())
        {
            AssertNoClearText(text);
        }
    }

    [Fact]
    public void Without_EnableRedaction_the_OpenTelemetry_processor_does_not_redact_generated_values_a_second_time()
    {
        var capture = new CapturingLogProcessor();
        using (var services = new ServiceCollection()
            .AddRedaction(ConfigureRedaction)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.AddInstrumentationProcessor().AddProcessor(capture);
            }))
            .BuildServiceProvider())
        {
            Redactors.Use(services.GetRequiredService<IRedactorProvider>());
            WriteSignIn(services.GetRequiredService<ILoggerFactory>().CreateLogger(Category));
        }

        var record = Assert.Single(capture.Records, r => r.Category == Category);
        Assert.Equal(ExpectedMessage, record.FormattedMessage);
        Assert.Equal(SecretTagRedactor.Text, record.Attribute("password"));
        Assert.Equal(Support, record.Attribute("supportAddress"));
    }

    [Fact]
    public void A_hand_written_log_under_EnableRedaction_is_still_scrubbed()
    {
        var capture = new CapturingLogProcessor();
        using (var services = NewServices(logging => ExportTo(logging, capture)))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
#pragma warning disable CA1848, CA2254 // a hand-written call is the point of this test
            logger.LogInformation("Mail from {sender} with password={password}", Email, Password);
#pragma warning restore CA1848, CA2254
        }

        var record = Assert.Single(capture.Records, r => r.Category == Category);
        foreach (var text in record.Texts())
        {
            AssertNoClearText(text);
        }
    }

    [Fact]
    public void A_hand_written_log_with_the_very_template_text_of_a_generated_one_is_still_scrubbed()
    {
        // The literal is interned: the same instance as the generated method's source text. Generated states report a
        // copy of their own, so this call's fields (named like the generated ones) are not taken as redacted already.
        var capture = new CapturingLogProcessor();
        using (var services = NewServices(logging => ExportTo(logging, capture)))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
            WriteSignIn(logger);
#pragma warning disable CA1848, CA2254 // a hand-written call is the point of this test
            logger.LogInformation("User {email} signed in (support {supportAddress}) with {password}: {note}, attempt {attempt}", Email, Support, Password, Note, 3);
#pragma warning restore CA1848, CA2254
        }

        var records = capture.Records.Where(r => r.Category == Category).ToList();
        Assert.Equal(2, records.Count);
        foreach (var text in records.SelectMany(r => r.Texts()))
        {
            AssertNoClearText(text);
        }
    }

    private static void ConfigureRedaction(IRedactionBuilder redaction) => redaction
        .SetRedactor<PersonalTagRedactor>(new DataClassificationSet(InstrumentationTaxonomy.Personal))
        .SetRedactor<SecretTagRedactor>(new DataClassificationSet(InstrumentationTaxonomy.Secret))
        .SetFallbackRedactor<ErasingRedactor>();

    private static ServiceProvider NewServices(Action<ILoggingBuilder> providers) =>
        new ServiceCollection()
            .AddRedaction(ConfigureRedaction)
            .AddLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace).EnableRedaction();
                providers(logging);
            })
            .BuildServiceProvider();

    /// <summary>The OpenTelemetry logger provider with the SDK's processor, exporting to <paramref name="capture"/>.</summary>
    private static void ExportTo(ILoggingBuilder logging, CapturingLogProcessor capture) => logging.AddOpenTelemetry(o =>
    {
        o.IncludeFormattedMessage = true;
        o.AddInstrumentationProcessor().AddProcessor(capture);
    });

    private static void AssertMicrosoftLoggerFactory(IServiceProvider services) =>
        Assert.Equal("ExtendedLoggerFactory", services.GetRequiredService<ILoggerFactory>().GetType().Name);

    private static void WriteSignIn(ILogger logger)
    {
        Assert.Null(Activity.Current);
        SignInLog.SignedIn(logger, Email, Support, Password, Note, 3);
    }

    private static void AssertNoClearText(string text)
    {
        Assert.DoesNotContain(Email, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("bob@example.com", text, StringComparison.Ordinal);
    }
}
