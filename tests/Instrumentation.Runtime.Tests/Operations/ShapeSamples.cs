using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation;

// Global namespace on purpose: a shape of SPEC §2.1.
public static class GlobalNamespaceJobs
{
    [Operation("shape.global")]
    public static int Run(int value) => value + 1;
}

namespace Instrumentation.Runtime.Tests.Operations.Shapes
{
    public interface IReadingSink
    {
        [Operation("shape.interface")]
        int Write(string sensor, int value);
    }

    public sealed class ReadingSink : IReadingSink
    {
        public int Writes { get; private set; }

        public int Write(string sensor, int value)
        {
            Writes++;
            return value * 2;
        }
    }

    public class Repository<TItem>
        where TItem : class
    {
        public List<TItem> Items { get; } = new();

        [Operation("shape.generic_type")]
        public int Save(TItem item)
        {
            Items.Add(item);
            return Items.Count;
        }

        [Operation("shape.generic_method")]
        public TOut Map<TOut>(TItem item, Func<TItem, TOut> map)
            where TOut : notnull => map(item);
    }

    public static class ReadingExtensions
    {
        [Operation("shape.extension")]
        public static string Describe(this ReadingSink sink, int value) => "sink:" + value;
    }

    public partial class PartialHost
    {
        public partial class Nested
        {
            [Operation("shape.nested_partial")]
            public static int Twice(int value) => value * 2;
        }
    }

    public partial class PartialHost
    {
    }

    public sealed class Parameters
    {
        [Operation("shape.ref_kinds")]
        public static int RefKinds(in int input, ref int counter, out string label, ref readonly long big, CancellationToken cancellationToken = default)
        {
            counter++;
            label = "done:" + input;
            return (int)big + input;
        }

        [Operation("shape.params")]
        public static int Sum(string name, params int[] values)
        {
            var total = 0;
            foreach (var value in values)
            {
                total += value;
            }

            return total;
        }

        [Operation("shape.defaults")]
        public static string Greet(string name = "world", int times = 1) => string.Concat(System.Linq.Enumerable.Repeat(name, times));
    }

    public struct Counter
    {
        public int Value;

        [Operation("shape.struct")]
        public int Increment()
        {
            Value++;
            return Value;
        }
    }

    public sealed class AsyncShapes
    {
        [Operation("shape.task")]
        public async Task RunAsync(bool yieldFirst)
        {
            if (yieldFirst)
            {
                await Task.Yield();
            }
        }

        [Operation("shape.valuetask")]
        public ValueTask RunValueAsync(bool yieldFirst) => yieldFirst ? new ValueTask(Task.Delay(1)) : default;

        [Operation("shape.task_failure")]
        public async Task<int> FailAsync(bool yieldFirst)
        {
            if (yieldFirst)
            {
                await Task.Yield();
            }

            throw new TimeoutException("store timed out");
        }
    }
}
