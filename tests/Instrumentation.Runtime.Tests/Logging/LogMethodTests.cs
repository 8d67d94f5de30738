using System;
using System.Linq;
using System.Text.Json;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Operations;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>Generated log methods, compiled through the real generator and run against a capturing provider.</summary>
public sealed class LogMethodTests : IDisposable
{
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;
    private readonly ILogger _logger;

    public LogMethodTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        _logger = _factory.CreateLogger("Tests.Logging");
    }

    public void Dispose()
    {
        Redactors.Reset();
        _factory.Dispose();
    }

    [Fact]
    public void Fields_values_level_event_id_and_message_text()
    {
        AppLog.ReadingsReceived(_logger, "dev-1", 3, 21.456);

        var log = Assert.Single(_provider.Logs);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Equal(10, log.EventId.Id);
        Assert.Equal("ReadingsReceived", log.EventId.Name);
        Assert.Equal("Device dev-1 sent 3 readings at 21.5 C", log.Message);
        Assert.Equal("dev-1", log.State.Single(p => p.Key == "deviceId").Value);
        Assert.Equal(3, log.State.Single(p => p.Key == "count").Value);
        Assert.Equal(21.456, log.State.Single(p => p.Key == "temperature").Value);
        Assert.Equal("Device {deviceId} sent {count} readings at {temperature:F1} C", log.State.Single(p => p.Key == "{OriginalFormat}").Value);
    }

    [Fact]
    public void Null_text_arguments_are_written_as_the_runtimes_LoggerMessage_writes_them()
    {
        // A trial migrating from [LoggerMessage] saw an empty string where it printed "(null)".
        AppLog.Renamed(_logger, null, null, null);
        AppLog.RenamedByLoggerMessage(_logger, null, null, null);

        var logs = _provider.Logs.ToArray();
        Assert.Equal(2, logs.Length);
        Assert.Equal("Device (null) renamed to (null) by (null)", logs[1].Message);
        Assert.Equal(logs[1].Message, logs[0].Message);
        Assert.Null(logs[0].State.Single(p => p.Key == "deviceId").Value);
    }

    [Fact]
    public void Null_nullable_value_arguments_are_written_as_the_runtimes_LoggerMessage_writes_them()
    {
        // Formats and alignments included: "(null)" is padded as [LoggerMessage] pads it and ignores the format.
        AppLog.BatteryRead(_logger, null, null, null, null);
        AppLog.BatteryReadByLoggerMessage(_logger, null, null, null, null);
        AppLog.BatteryRead(_logger, 87.26, null, 7, 3);
        AppLog.BatteryReadByLoggerMessage(_logger, 87.26, null, 7, 3);

        var logs = _provider.Logs.ToArray();
        Assert.Equal(4, logs.Length);
        Assert.Equal("Battery (null) % at (null) [  (null)] / (null) readings", logs[1].Message);
        Assert.Equal(logs[1].Message, logs[0].Message);
        Assert.Equal("Battery 87.3 % at (null) [       7] / 03   readings", logs[3].Message);
        Assert.Equal(logs[3].Message, logs[2].Message);
        Assert.Null(logs[0].State.Single(p => p.Key == "code").Value);
    }

    [Fact]
    public void Disabled_level_writes_nothing_and_allocates_nothing()
    {
        _provider.MinimumLevel = LogLevel.Error;
        var count = 0;
        var allocated = Allocations.InFewestRound(
            () =>
            {
                AppLog.ReadingsReceived(_logger, "dev-1", count++, 21.4);
                return 0;
            },
            calls: 1_000,
            rounds: 3,
            warmup: 1);
        Assert.Equal(0, allocated);
        Assert.Empty(_provider.Logs);
    }

    [Fact]
    public void Classified_parameter_is_redacted_in_state_message_and_json()
    {
        AppLog.SignInFailed(_logger, "ada@example.com", 2);

        var log = Assert.Single(_provider.Logs);
        Assert.Equal("User [REDACTED] failed to sign in (2)", log.Message);
        Assert.Equal("[REDACTED]", log.State.Single(p => p.Key == "email").Value);
        Assert.DoesNotContain("ada@example.com", log.Json);
    }

    [Fact]
    public void Classified_members_of_records_and_nested_records_are_redacted_and_exception_text_scrubbed()
    {
        Redactors.Configure(new MaskRedactor(keepLast: 2), new MaskRedactor(keepLast: 4));
        var customer = new Customer("Ada", "ada@example.com", new Address("London", "12 Baker Street"));
        var card = new Card { Number = "4111111111111111", Brand = "visa" };

        AppLog.PaymentFailed(_logger, customer, card, new PaymentDeclinedException("card 4111 1111 1111 1111 declined for ada@example.com"));

        var log = Assert.Single(_provider.Logs);
        Assert.Contains("Customer { Name = Ada, Email = *************om, Home = Address { City = London, Street = *************et } }", log.Message);
        Assert.Contains("Card { Number = ************1111, Brand = visa }", log.Message);
        var json = JsonDocument.Parse(log.Json).RootElement;
        Assert.Equal(typeof(PaymentDeclinedException).FullName, json.GetProperty("exception_type").GetString());
        Assert.Equal("card [CARD] declined for [EMAIL]", json.GetProperty("exception_message").GetString());
        Assert.Equal("card_declined", json.GetProperty("error_code").GetString());
        Assert.Equal("error", json.GetProperty("level").GetString());
        foreach (var secret in new[] { "ada@example.com", "4111111111111111", "12 Baker Street" })
        {
            Assert.DoesNotContain(secret, log.Json);
            Assert.DoesNotContain(secret, log.Message);
            Assert.DoesNotContain(log.State, p => p.Value?.ToString()?.Contains(secret) == true);
        }
    }

    [Fact]
    public void Hmac_redaction_correlates_the_same_value_without_revealing_it()
    {
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f10111213");
        Redactors.Configure(new HmacRedactor(key, "k1"), EraseRedactor.Instance);

        AppLog.SignInFailed(_logger, "ada@example.com", 1);
        AppLog.SignInFailed(_logger, "ada@example.com", 2);
        AppLog.SignInFailed(_logger, "bob@example.com", 1);

        var values = _provider.Logs.Select(l => (string)l.State.Single(p => p.Key == "email").Value!).ToArray();
        Assert.Equal(values[0], values[1]);
        Assert.NotEqual(values[0], values[2]);
        Assert.StartsWith("hmac:k1:", values[0]);
        Assert.Equal(new HmacRedactor(key, "k1").Redact("ada@example.com"), values[0]);
    }

    [Fact]
    public void Instance_log_method_uses_the_logger_field()
    {
        new InstanceLogger(_logger).Subscribed("w-9");

        var log = Assert.Single(_provider.Logs);
        Assert.Equal("Widget w-9 subscribed", log.Message);
        Assert.Equal("w-9", log.State.Single(p => p.Key == "widgetId").Value);
    }

    [Fact]
    public void Unclassified_strings_are_scrubbed_in_state_and_message_unless_marked_non_sensitive()
    {
        LeakLog.Note(_logger, "password=hunter2 for bob@example.com card 4111 1111 1111 1111", "ops@example.com");

        var log = Assert.Single(_provider.Logs);
        Assert.Equal("password=[REDACTED] for [EMAIL] card [CARD]", log.Field("note"));
        Assert.Equal("ops@example.com", log.Field("address"));
        Assert.Equal("Note password=[REDACTED] for [EMAIL] card [CARD] sent to ops@example.com", log.Message);
        Assert.DoesNotContain("hunter2", log.Json);
        Assert.DoesNotContain("4111", log.Json);
    }

    [Fact]
    public void Extension_base_class_and_primary_constructor_loggers()
    {
        _logger.Extension(7);
        new DerivedLogging(_logger).FromBase(8);
        new PrimaryLogging(_logger).FromPrimary(9);

        Assert.Equal(
            new[] { "Extension 7", "From the base class logger 8", "From the primary constructor 9" },
            _provider.Logs.Select(l => l.Message).ToArray());
    }

    [Fact]
    public void Outside_an_operation_the_state_has_only_its_own_fields()
    {
        AppLog.ReadingsReceived(_logger, "dev-1", 3, 21.456);

        var log = Assert.Single(_provider.Logs);
        Assert.Equal(new[] { "deviceId", "count", "temperature", "{OriginalFormat}" }, log.State.Select(p => p.Key).ToArray());
    }
}
