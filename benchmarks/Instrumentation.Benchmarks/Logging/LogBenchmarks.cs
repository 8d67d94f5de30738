using BenchmarkDotNet.Attributes;
using Instrumentation;
using Instrumentation.Benchmarks.Operations;
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

/// <summary>SPEC §4 logs: generated vs [LoggerMessage] vs template LogInformation, level disabled and enabled.</summary>
[MemoryDiagnoser]
public class LogBenchmarks
{
    private ILoggerFactory _factory = null!;
    private ILogger _logger = null!;

    [Params(false, true)]
    public bool LevelEnabled { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LevelEnabled ? LogLevel.Information : LogLevel.Warning).AddProvider(new NoopLoggerProvider()));
        _logger = _factory.CreateLogger("bench");
    }

    [GlobalCleanup]
    public void Cleanup() => _factory.Dispose();

    [Benchmark(Baseline = true)]
    public void LoggerMessageGenerator() => BenchLog.RuntimeGenerated(_logger, "dev-1", 3, 21.5);

    [Benchmark]
    public void Generated() => BenchLog.Generated(_logger, "dev-1", 3, 21.5);

    [Benchmark]
    public void GeneratedWithClassifiedArgument() => BenchLog.GeneratedClassified(_logger, "ada@example.com", 3);

    [Benchmark]
    public void TemplateLogInformation() => _logger.LogInformation("Device {deviceId} sent {count} readings at {temperature}", "dev-1", 3, 21.5);
}
