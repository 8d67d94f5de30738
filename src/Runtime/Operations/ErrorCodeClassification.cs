using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Instrumentation.Logging;

namespace Instrumentation.Operations;

/// <summary>
/// Whether an exception type's <see cref="IHasErrorCode.ErrorCode"/> is classified — <c>[PersonalData] public string
/// ErrorCode { get; }</c>, on its backing field or on a positional parameter of that name, by the rules every other
/// member follows. Such a code is no label value and no log field: a stranger's trial found a <c>[PersonalData]</c> code
/// in <c>failures_total{reason=…}</c> and in <c>error_code</c> in clear. Read once per exception type.
/// </summary>
internal static class ErrorCodeClassification
{
    private const string TrimmedMetadata = "Without the property's metadata the code is treated as unclassified, as it was before; its text is still scrubbed.";

    private static readonly ConcurrentDictionary<Type, int> Cache = new();

    /// <summary>0, or the classification (1 personal, 2 secret) of <paramref name="exception"/>'s code.</summary>
    /// <param name="exception">An exception that implements <see cref="IHasErrorCode"/>.</param>
    /// <returns>The classification of its <c>ErrorCode</c>.</returns>
    public static int Of(Exception exception) => Cache.GetOrAdd(exception.GetType(), static type => Read(type));

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = TrimmedMetadata)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = TrimmedMetadata)]
    private static int Read(Type type)
    {
        try
        {
            var map = type.GetInterfaceMap(typeof(IHasErrorCode));
            for (var i = 0; i < map.InterfaceMethods.Length; i++)
            {
                if (map.InterfaceMethods[i].Name != "get_" + nameof(IHasErrorCode.ErrorCode))
                {
                    continue;
                }

                var getter = map.TargetMethods[i];
                foreach (var property in getter.DeclaringType!.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (property.GetMethod == getter)
                    {
                        return LogValueShapes.ClassificationOf(property, type);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // No interface map (NativeAOT without the metadata): unclassified, as before.
        }

        return 0;
    }
}
