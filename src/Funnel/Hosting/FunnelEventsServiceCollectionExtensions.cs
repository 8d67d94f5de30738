using System;
using Instrumentation.Funnel.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers durable funnel events: <c>builder.Services.AddFunnelEvents(o => o.UseSqlite("funnel.db"))</c>.</summary>
public static class FunnelEventsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="FunnelEventsService"/>: the funnel writer starts and stops with the host, so events of
    /// <c>[FunnelEvent]</c> methods are stored (once-per-entity events once) and exported as log records; its
    /// metrics are on the meter <c>Instrumentation.Funnel</c>, which <c>WithGeneratedInstrumentation()</c> adds.
    /// One writer per process: generated code enqueues into one process-wide buffer.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Chooses the store (<c>UseSqlite</c>, <c>UsePostgres</c>, <c>UseStore</c>) and writer settings.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddFunnelEvents(this IServiceCollection services, Action<FunnelEventsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new FunnelEventsOptions();
        configure(options);
        options.Writer.Validate();
        services.AddSingleton(options);
        services.AddSingleton<FunnelEventsService>();
        services.AddHostedService(provider => provider.GetRequiredService<FunnelEventsService>());
        return services;
    }
}
