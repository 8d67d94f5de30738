namespace Instrumentation.Generators.Tests.Catalog;

/// <summary>An assembly with every kind of signal: an operation, a funnel event and a log method, with classified values.</summary>
internal static class CatalogSources
{
    public const string All = """
        using System.Collections.Generic;
        using Instrumentation;
        using Microsoft.Extensions.Logging;

        namespace Demo;

        public enum Sensor { Temperature, AirQuality }

        public sealed class Ingestor
        {
            [Ingest("ws.ingest.receive", LogStart = true)]
            [FunnelEvent("FirstDeviceData", OncePerEntity = true, EntityId = "device", Properties = new[] { "contact=email", "sensor=sensor" })]
            public int Receive(TenantContext tenant, [Batch] IReadOnlyList<double> readings, [MetricLabel("sensor")] Sensor sensor,
                [SpanAttribute("contact"), PersonalData] string email, [SpanAttribute] int attempt, string device)
                => readings.Count;

            [Operation("auth.check", FailuresMetric = "auth_failures_total", FailureReasons = new[] { "invalid_token" })]
            public void Check([SecretData, SpanAttribute("token")] string token) { }
        }

        public static partial class StoreLog
        {
            [LogMethod(LogLevel.Warning, "Write of {count} readings failed for {email} with {token}", EventId = 40)]
            public static partial void WriteFailed(ILogger logger, int count, [PersonalData] string email, [SecretData] string token);

            [LogMethod(LogLevel.Information, "Stored {count} readings")]
            public static partial void Stored(ILogger logger, int count);
        }

        public static class Caller
        {
            public static int Call(Ingestor ingestor)
            {
                ingestor.Check("t");
                return ingestor.Receive(new TenantContext("o", "p"), new double[1], Sensor.Temperature, "a@example.com", 1, "d1");
            }
        }
        """;

    public const string Unrelated = """
        namespace Demo;
        public static class Unrelated
        {
            public static int Add(int a, int b) => a + b;
        }
        """;
}
