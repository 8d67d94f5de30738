using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Instrumentation;
using Microsoft.Extensions.Hosting;

namespace EdgeIngest.Jobs;

/// <summary>The daily retention check: how many orgs sent data in the last day (the <c>UserRetentionCheck</c> event).</summary>
public sealed class RetentionJob : BackgroundService
{
    private readonly EdgeStore _store;

    public RetentionJob(EdgeStore store) => _store = store;

    [Operation("job.retention_check")]
    [FunnelEvent("UserRetentionCheck", Properties = new[] { "day_x_active=return" })]
    public Task<long> CheckAsync(CancellationToken cancellationToken) => _store.CountActiveOrgsAsync(TimeSpan.FromDays(1), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await CheckAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromDays(1), stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
