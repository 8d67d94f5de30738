using System;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks.GenLogging;

/// <summary>
/// Logger factories with Microsoft's redaction switched on the way its documentation shows: <c>AddRedaction</c> with an
/// erasing redactor for the given classifications and <c>EnableRedaction()</c> on the logging builder (which swaps in
/// Microsoft's <c>ExtendedLoggerFactory</c>).
/// </summary>
public static class GenLoggingSetup
{
    /// <summary>
    /// A factory whose loggers redact classified <c>[LoggerMessage]</c> parameters, at <paramref name="minimumLevel"/>, writing to
    /// <paramref name="provider"/>; <paramref name="redactorProvider"/> is the app's redactor provider (for the SDK's <c>Redactors.Use</c>).
    /// </summary>
    /// <param name="minimumLevel">The minimum level.</param>
    /// <param name="provider">The logger provider.</param>
    /// <param name="classifications">The classifications erased (besides <see cref="PrivateDataAttribute.Private"/>).</param>
    /// <param name="redactorProvider">The redactor provider of the factory's services.</param>
    public static ILoggerFactory CreateRedactingFactory(LogLevel minimumLevel, ILoggerProvider provider, DataClassification[] classifications, out IRedactorProvider redactorProvider)
    {
        ArgumentNullException.ThrowIfNull(classifications);
        var services = new ServiceCollection();
        var erased = new DataClassificationSet(classifications);
        erased = erased.Union(new DataClassificationSet(PrivateDataAttribute.Private));
        services.AddRedaction(r => r.SetRedactor<ErasingRedactor>(erased));
        services.AddLogging(b => b.SetMinimumLevel(minimumLevel).EnableRedaction().AddProvider(provider));
        var serviceProvider = services.BuildServiceProvider();
        redactorProvider = serviceProvider.GetRequiredService<IRedactorProvider>();
        return new OwningFactory(serviceProvider.GetRequiredService<ILoggerFactory>(), serviceProvider);
    }

    /// <summary>Disposes the service provider with the factory.</summary>
    private sealed class OwningFactory(ILoggerFactory inner, ServiceProvider services) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

        public void Dispose() => services.Dispose();
    }
}
