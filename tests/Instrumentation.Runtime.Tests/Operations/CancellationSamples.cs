using System;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// Operations that end by an exception the test chooses: a plain one (a runtime object), a labelled one (a generated
/// class), a synchronous one, one without a token, and one that logs its completion.
/// </summary>
public sealed class CancellationSamples
{
    [Operation("job.wait")]
    public async Task WaitAsync(Func<Task> body, CancellationToken cancellationToken) => await body().ConfigureAwait(false);

    [Operation("job.fetch")]
    public async Task<int> FetchAsync([MetricLabel] bool fast, Func<Task<int>> body, CancellationToken cancellationToken) =>
        fast ? 0 : await body().ConfigureAwait(false);

    [Operation("job.step")]
    public void Step(CancellationToken cancellationToken) => cancellationToken.ThrowIfCancellationRequested();

    [Operation("job.tokenless")]
    public async Task TokenlessAsync(Func<Task> body) => await body().ConfigureAwait(false);

    [Operation("job.logged", LogCompletion = true)]
    public void Logged(CancellationToken cancellationToken) => cancellationToken.ThrowIfCancellationRequested();
}
