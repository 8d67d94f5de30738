using System;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>Operations that end by an exception the test chooses: a plain one (a runtime object) and a labelled one (a generated class).</summary>
public sealed class CancellationSamples
{
    [Operation("job.wait")]
    public async Task WaitAsync(Func<Task> body) => await body().ConfigureAwait(false);

    [Operation("job.fetch")]
    public async Task<int> FetchAsync([MetricLabel] bool fast, Func<Task<int>> body) => fast ? 0 : await body().ConfigureAwait(false);

    [Operation("job.step")]
    public void Step(CancellationToken cancellationToken) => cancellationToken.ThrowIfCancellationRequested();
}
