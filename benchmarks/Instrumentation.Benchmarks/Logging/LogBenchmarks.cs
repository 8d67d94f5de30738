using BenchmarkDotNet.Attributes;
using Instrumentation;
using Instrumentation.Benchmarks.GenLogging;
using Instrumentation.Benchmarks.Operations;
using Instrumentation.Redaction;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks.Logging;

public static partial class BenchLog
{
    [LogMethod(LogLevel.Information, "Device {deviceId} sent {count} readings at {temperature}", EventId = 1)]
    public static partial void Generated(ILogger logger, string deviceId, int count, double temperature);

    [LogMethod(LogLevel.Information, "User {email} sent {count} readings", EventId = 2)]
    public static partial void GeneratedClassified(ILogger logger, [PersonalData] string email, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Device {deviceId} sent {count} readings at {temperature}")]
    public static partial void RuntimeGenerated(ILogger logger, string deviceId, int count, double temperature);
}

/// <summary>
/// SPEC §4 logs, every peer in one run (issue 18 §4): the SDK's generated log method against the runtime's
/// <c>[LoggerMessage]</c> (the baseline), Microsoft.Gen.Logging's <c>[LoggerMessage]</c> and template
/// <c>LogInformation</c>, level disabled and enabled, with an unclassified string argument and with a classified one.
/// Redaction: Microsoft.Extensions.Compliance's <c>AddRedaction</c> with an erasing redactor; the SDK's generated code
/// uses the same provider (<c>Redactors.Use</c>), Microsoft.Gen.Logging needs <c>EnableRedaction()</c> on the logger
/// factory (its <c>ExtendedLoggerFactory</c>), and the SDK's method is also measured behind that factory.
/// </summary>
[MemoryDiagnoser]
public class LogBenchmarks
{
    private ILoggerFactory _factory = null!;
    private ILoggerFactory _redactingFactory = null!;
    private ILogger _logger = null!;
    private ILogger _redactingLogger = null!;

    [Params(false, true)]
    public bool LevelEnabled { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var level = LevelEnabled ? LogLevel.Information : LogLevel.Warning;
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(level).AddProvider(new NoopLoggerProvider()));
        _logger = _factory.CreateLogger("bench");
        _redactingFactory = GenLoggingSetup.CreateRedactingFactory(level, new NoopLoggerProvider(), [InstrumentationTaxonomy.Personal, InstrumentationTaxonomy.Secret], out var redactors);
        _redactingLogger = _redactingFactory.CreateLogger("bench");
        Redactors.Use(redactors);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Redactors.Reset();
        _redactingFactory.Dispose();
        _factory.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void LoggerMessageGenerator() => BenchLog.RuntimeGenerated(_logger, "dev-1", 3, 21.5);

    [Benchmark]
    public void Generated() => BenchLog.Generated(_logger, "dev-1", 3, 21.5);

    [Benchmark]
    public void GenLoggingUnclassified() => GenLoggingLog.Readings(_logger, "dev-1", 3, 21.5);

    [Benchmark]
    public void TemplateLogInformation() => _logger.LogInformation("Device {deviceId} sent {count} readings at {temperature}", "dev-1", 3, 21.5);

    [Benchmark]
    public void GeneratedWithClassifiedArgument() => BenchLog.GeneratedClassified(_logger, "ada@example.com", 3);

    [Benchmark]
    public void GenLoggingClassifiedWithEnableRedaction() => GenLoggingLog.UserReadings(_redactingLogger, "ada@example.com", 3);

    [Benchmark]
    public void GeneratedClassifiedBehindEnableRedaction() => BenchLog.GeneratedClassified(_redactingLogger, "ada@example.com", 3);
}
