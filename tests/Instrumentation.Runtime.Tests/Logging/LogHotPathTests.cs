using System;
using System.Linq;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Compliance;
using Instrumentation.Runtime.Tests.Operations;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

public static partial class HotPathLog
{
#pragma warning disable INS1010 // an unclassified secret-named string on purpose: the name rule must still redact it
    [LogMethod(LogLevel.Information, "Rotated {clientSecret} for {device} ({note})", EventId = 4101)]
    public static partial void Rotated(ILogger logger, string? clientSecret, string device, string? note);
#pragma warning restore INS1010
}

/// <summary>
/// The enabled path of generated log methods: the secret-name rule decided once per parameter (a static field the
/// JIT folds) gives the same values as before, and a written line with clean or classified values allocates nothing
/// in the SDK's code (a do-nothing provider).
/// </summary>
public sealed class LogHotPathTests : IDisposable
{
    public LogHotPathTests() => Redactors.Reset();

    public void Dispose() => Redactors.Reset();

    [Fact]
    public void A_secret_named_string_is_redacted_others_scrubbed_and_null_stays_null()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        var logger = factory.CreateLogger("Tests.HotPath");

        HotPathLog.Rotated(logger, "s3cr3t-value", "dev-1", "mail ada@example.com");
        HotPathLog.Rotated(logger, null, "dev-2", null);

        var logs = provider.Logs.ToArray();
        Assert.Equal(2, logs.Length);
        Assert.Equal("[REDACTED]", logs[0].Field("clientSecret"));
        Assert.Equal("dev-1", logs[0].Field("device"));
        Assert.Equal("mail [EMAIL]", logs[0].Field("note"));
        Assert.Equal("Rotated [REDACTED] for dev-1 (mail [EMAIL])", logs[0].Message);
        Assert.Null(logs[1].Field("clientSecret"));
        Assert.Null(logs[1].Field("note"));
    }

    [Fact]
    public void An_enabled_line_with_clean_text_or_classified_values_allocates_nothing()
    {
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new NoopLoggerProvider()));
        var logger = factory.CreateLogger("Tests.HotPath");
        var count = 0;
        var allocated = Allocations.InFewestRound(
            () =>
            {
                AppLog.ReadingsReceived(logger, "dev-1", count++, 21.4);
                AppLog.SignInFailed(logger, "ada@example.com", count);
                HotPathLog.Rotated(logger, "s3cr3t-value", "sensor 17 at 12:30", null);
                return 0;
            },
            calls: 1_000,
            rounds: 3,
            warmup: 50);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Free_text_is_scrubbed_when_a_sink_reads_it_so_a_sink_that_reads_nothing_pays_nothing()
    {
        // "mail ada@example.com" needs a new string when scrubbed: scrubbing at the call allocated it on every line,
        // also for a provider that never reads the state ([LoggerMessage] formats nothing for such a provider either).
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new NoopLoggerProvider()));
        var logger = factory.CreateLogger("Tests.HotPath");
        var allocated = Allocations.InFewestRound(
            () =>
            {
                HotPathLog.Rotated(logger, "s3cr3t-value", "dev-1", "mail ada@example.com");
                return 0;
            },
            calls: 1_000,
            rounds: 3,
            warmup: 50);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_sink_that_keeps_the_state_and_reads_it_later_reads_scrubbed_values_every_time()
    {
        var provider = new KeepingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(provider));
        var logger = factory.CreateLogger("Tests.HotPath");

        HotPathLog.Rotated(logger, "s3cr3t-value", "dev-1", "mail ada@example.com, card 4111 1111 1111 1111");

        var kept = Assert.Single(provider.States);
        for (var read = 0; read < 2; read++)
        {
            var fields = ((System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, object?>>)kept)
                .ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal("[REDACTED]", fields["clientSecret"]);
            Assert.Equal("mail [EMAIL], card [CARD]", fields["note"]);
            Assert.Equal("Rotated [REDACTED] for dev-1 (mail [EMAIL], card [CARD])", kept.ToString());
        }

        // The secret-named value is replaced at the call: the state never holds it.
        var held = kept.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(f => f.GetValue(kept)).OfType<string>().ToArray();
        Assert.DoesNotContain("s3cr3t-value", held);
    }

    [Fact]
    public void Classified_values_redacted_by_microsofts_provider_allocate_nothing()
    {
        // Redactors.Use with the provider of AddRedaction: its GetRedactor takes a DataClassificationSet (a class), so
        // asking it on every value allocated a set per value (232 B per line) until the redactors were asked for once.
        using var services = new ServiceCollection()
            .AddRedaction(r => r
                .SetRedactor<ErasingRedactor>(new DataClassificationSet(InstrumentationTaxonomy.Personal))
                .SetFallbackRedactor<ErasingRedactor>())
            .BuildServiceProvider();
        Redactors.Use(services.GetRequiredService<IRedactorProvider>());
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new NoopLoggerProvider()));
        var logger = factory.CreateLogger("Tests.HotPath");
        var count = 0;
        var allocated = Allocations.InFewestRound(
            () =>
            {
                AppLog.SignInFailed(logger, "ada@example.com", count++);
                ContosoLog.Shipped(logger, "1 Main St", "Ada");
                return 0;
            },
            calls: 1_000,
            rounds: 3,
            warmup: 50);
        Assert.Equal(0, allocated);
        Assert.Equal(string.Empty, Redactors.Redact(DataClass.Personal, "ada@example.com"));
        Assert.Equal(string.Empty, Redactors.Redact(ContosoTaxonomy.Private, "1 Main St"));
    }

    /// <summary>A provider that keeps each state (boxed) and reads nothing at the call, as a buffering sink might.</summary>
    private sealed class KeepingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Generic.List<object> States { get; } = new();

        public ILogger CreateLogger(string categoryName) => new KeepingLogger(this);

        public void Dispose()
        {
        }

        private sealed class KeepingLogger(KeepingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.States.Add(state!);
        }
    }

    private sealed class NoopLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new NoopLogger();

        public void Dispose()
        {
        }

        private sealed class NoopLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
