using System;
using System.Globalization;
using System.Linq;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>Operations with numeric <c>[LogField]</c> values.</summary>
public static class CultureFieldOperations
{
    [Operation("culture.fields")]
    public static void Fields(
        [LogField("qty")] int qty,
        [LogField("amount")] double amount,
        [LogField("price")] decimal price,
        [LogField("maybe")] double? maybe,
        [LogField("big")] ulong big,
        [LogField("flag")] bool flag,
        [LogField("maybe_flag")] bool? maybeFlag,
        [LogField("at")] DateTime at,
        [LogField("seen")] DateTimeOffset seen,
        ILogger logger) =>
        AppLog.ReadingsReceived(logger, "dev-culture", 1, 1.5);
}

/// <summary>
/// A <c>[LogField]</c> number is one text on every machine: the app's culture (de-DE's decimal comma, ar-SA's Arabic
/// decimal separator and the invisible letter mark before its minus sign) must not change the value a log backend
/// is queried with, nor differ from the span attribute of the same parameter.
/// </summary>
public sealed class LogFieldCultureTests : IDisposable
{
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;

    public LogFieldCultureTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(_provider));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        Redactors.Reset();
        _factory.Dispose();
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("sv-SE")]
    [InlineData("tr-TR")]
    public void Numeric_log_fields_are_written_invariantly_whatever_the_culture(string culture)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            CultureFieldOperations.Fields(-5, -1234.5, 99.95m, 0.25, 18446744073709551615UL, true, true, At, Seen, _factory.CreateLogger("Tests.Culture"));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }

        var line = Assert.Single(_provider.Logs, l => l.Message.StartsWith("Device dev-culture", StringComparison.Ordinal));
        Assert.Equal("-5", line.Field("qty"));
        Assert.Equal("-1234.5", line.Field("amount"));
        Assert.Equal("99.95", line.Field("price"));
        Assert.Equal("0.25", line.Field("maybe"));
        Assert.Equal("18446744073709551615", line.Field("big"));

        // A bool? is written like a bool (it was "True": Nullable<bool>.ToString()).
        Assert.Equal("true", line.Field("flag"));
        Assert.Equal("true", line.Field("maybe_flag"));

        // Dates and times in ISO 8601 with their kind or offset, as funnel properties have them (the invariant culture
        // wrote "03/04/2026 05:06:07": month first and no time zone). Span attributes read the same formatter.
        Assert.Equal("2026-03-04T05:06:07.0000000Z", line.Field("at"));
        Assert.Equal("2026-03-04T05:06:07.0000000+05:45", line.Field("seen"));
    }

    [Fact]
    public void Dates_in_span_attributes_and_rendered_objects_are_ISO_8601()
    {
        Assert.Equal("2026-03-04T05:06:07.0000000Z", TelemetryValues.Object(At));
        Assert.Equal("2026-03-04T05:06:07.0000000+05:45", TelemetryValues.Object(Seen));
        Assert.Equal("2026-03-04T05:06:07.0000000", TelemetryValues.Object(new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Unspecified)));
        Assert.Equal("Stamp { At = 2026-03-04T05:06:07.0000000Z }", TelemetryValues.Object(new Stamp(At)));
    }

    [Fact]
    public void A_date_alone_and_a_time_of_day_are_ISO_8601_too()
    {
        // The README says dates and times are ISO 8601 where the SDK writes the text; the invariant culture wrote a
        // DateOnly month first ("03/04/2026") and a TimeOnly without its seconds ("05:06").
        Assert.Equal("2026-03-04", TelemetryValues.Object(new DateOnly(2026, 3, 4)));
        Assert.Equal("05:06:07.0000000", TelemetryValues.Object(new TimeOnly(5, 6, 7)));
        Assert.Equal("Slot { Day = 2026-03-04, Start = 05:06:07.0000000 }", TelemetryValues.Object(new Slot(new DateOnly(2026, 3, 4), new TimeOnly(5, 6, 7))));
    }

    private static readonly DateTime At = new(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    private sealed record Slot(DateOnly Day, TimeOnly Start);

    private static readonly DateTimeOffset Seen = new(2026, 3, 4, 5, 6, 7, TimeSpan.FromMinutes(345));

    private sealed record Stamp(DateTime At);
}
