using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Logging;
using EdgeIngest.Storage;
using Instrumentation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Jobs;

/// <summary>The daily retention check: how many orgs sent data in the last day (the <c>UserRetentionCheck</c> event).</summary>
public sealed class RetentionJob : BackgroundService
{
    private readonly EdgeStore _store;
    private readonly ILogger _logger;

    public RetentionJob(EdgeStore store, ILogger<RetentionJob> logger)
    {
        _store = store;
        _logger = logger;
    }

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
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (System.Data.Common.DbException error)
                {
                    // A store outage must not stop the host; the check is counted as failed and runs again tomorrow.
                    EdgeLog.RetentionCheckFailed(_logger, error);
                }

                await Task.Delay(TimeSpan.FromDays(1), stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
