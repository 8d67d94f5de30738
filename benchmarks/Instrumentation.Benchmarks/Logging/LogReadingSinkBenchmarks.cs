using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Instrumentation.Benchmarks.GenLogging;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks.Logging;

/// <summary>
/// Issue 18 §4 with a sink that reads what it is given, as every real sink does: <see cref="LogBenchmarks"/>' enabled
/// cases measure the call with a provider that discards the state, which is the call's own cost; here the provider
/// formats the message and reads every structured value (what the console's and OpenTelemetry's loggers do), so the
/// work a line costs once it is written is compared too — the generated log scrubs its unclassified strings there,
/// <c>[LoggerMessage]</c> boxes its arguments into an array to format them.
/// </summary>
[MemoryDiagnoser]
public class LogReadingSinkBenchmarks
{
    private ILoggerFactory _factory = null!;
    private ILogger _logger = null!;
    private ReadingLoggerProvider _provider = null!;

    [GlobalSetup]
    public void Setup()
    {
        _provider = new ReadingLoggerProvider();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(_provider));
        _logger = _factory.CreateLogger("bench");
    }

    [GlobalCleanup]
    public void Cleanup() => _factory.Dispose();

    [Benchmark(Baseline = true)]
    public void LoggerMessageGenerator() => BenchLog.RuntimeGenerated(_logger, "dev-1", 3, 21.5);

    [Benchmark]
    public void Generated() => BenchLog.Generated(_logger, "dev-1", 3, 21.5);

    [Benchmark]
    public void GenLoggingUnclassified() => GenLoggingLog.Readings(_logger, "dev-1", 3, 21.5);

    [Benchmark]
    public void GeneratedWithClassifiedArgument() => BenchLog.GeneratedClassified(_logger, "ada@example.com", 3);

    /// <summary>Formats each line's message and reads each of its values, keeping a running length so nothing is optimized away.</summary>
    private sealed class ReadingLoggerProvider : ILoggerProvider
    {
        public long Read;

        public ILogger CreateLogger(string categoryName) => new ReadingLogger(this);

        public void Dispose()
        {
        }

        private sealed class ReadingLogger(ReadingLoggerProvider provider) : ILogger
        {
            public System.IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, System.Exception? exception, System.Func<TState, System.Exception?, string> formatter)
            {
                var read = formatter(state, exception).Length;
                if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
                {
                    for (var i = 0; i < values.Count; i++)
                    {
                        read += values[i].Value is string text ? text.Length : 1;
                    }
                }

                provider.Read += read;
            }
        }
    }
}
