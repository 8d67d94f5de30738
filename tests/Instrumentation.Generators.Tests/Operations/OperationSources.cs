namespace Instrumentation.Generators.Tests.Operations;

/// <summary>Representative annotated inputs shared by the operation generator tests.</summary>
internal static class OperationSources
{
    public const string Ingest = """
        using System.Collections.Generic;
        using Instrumentation;

        namespace Demo;

        public enum Sensor { Temperature, AirQuality }

        public sealed class Ingestor
        {
            [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Duration | MetricTargets.Messages)]
            public int Receive(TenantContext tenant, [Batch] IReadOnlyList<double> readings, [MetricLabel("sensor")] Sensor sensor, [SpanAttribute] int attempt, [LogField("message_id")] string messageId)
                => readings.Count;
        }

        public static class Caller
        {
            public static int Call(Ingestor ingestor) => ingestor.Receive(new TenantContext("o", "p"), new double[1], Sensor.Temperature, 1, "m1");
        }
        """;

    public const string Shapes = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Instrumentation;

        namespace Demo.Shapes;

        public interface IStore
        {
            [Operation("store.put")]
            Task<int> PutAsync(string key, CancellationToken cancellationToken);
        }

        public sealed class Store : IStore
        {
            public Task<int> PutAsync(string key, CancellationToken cancellationToken) => Task.FromResult(key.Length);
        }

        public class Box<T> where T : class
        {
            [Flow("flow.execute")]
            public ValueTask<TOut> RunAsync<TOut>(TenantContext tenant, T input, [MetricLabel("fast")] bool fast) where TOut : struct => default;
        }

        public static class Calls
        {
            public static async Task Run(IStore store, Store concrete, Box<string> box)
            {
                await store.PutAsync("a", default);
                await concrete.PutAsync("b", default);
                await box.RunAsync<int>(new TenantContext("o", "p"), "x", true);
                Func<Task> later = () => box.RunAsync<long>(new TenantContext("o", "p"), "y", false).AsTask();
                await later();
            }
        }
        """;
}
