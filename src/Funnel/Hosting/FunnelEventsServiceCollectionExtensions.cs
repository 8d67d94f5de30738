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
    /// One writer per process: generated code enqueues into one process-wide buffer, so a second call throws
    /// <see cref="InvalidOperationException"/>. Invalid writer settings (<see cref="Instrumentation.Funnel.FunnelWriterOptions.Validate"/>)
    /// throw <see cref="ArgumentException"/> here, naming the setting and its value.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Chooses the store (<c>UseSqlite</c>, <c>UsePostgres</c>, <c>UseStore</c>) and writer settings.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddFunnelEvents(this IServiceCollection services, Action<FunnelEventsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(FunnelEventsOptions))
            {
                // The second call's store won and the first was dropped without a word (an operator's trial).
                throw new InvalidOperationException(
                    "AddFunnelEvents was called twice. Funnel events have one writer and one store per process (generated code "
                    + "enqueues into one process-wide buffer): call it once, with the store you want.");
            }
        }

        var options = new FunnelEventsOptions();
        configure(options);
        options.Writer.Validate();
        services.AddSingleton(options);
        services.AddSingleton<FunnelEventsService>();
        services.AddHostedService(provider => provider.GetRequiredService<FunnelEventsService>());
        return services;
    }
}
