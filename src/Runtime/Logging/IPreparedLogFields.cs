using System.ComponentModel;

namespace Instrumentation.Logging;

/// <summary>
/// A log state some of whose fields the SDK made safe where it built them (the funnel writer's <c>properties</c> JSON,
/// built by <c>FunnelProperties.SafeValueAt</c>). The OpenTelemetry processor passes those fields on as they are: the
/// free-text scrubber run over JSON text sees its escapes (<c>\u0000</c>) as text and could break the JSON.
/// The state's other fields are processed as usual.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IPreparedLogFields
{
    /// <summary>Whether the field <paramref name="key"/> is safe already.</summary>
    /// <param name="key">The field's name.</param>
    /// <returns>True when the field is passed on as it is.</returns>
    bool IsPrepared(string key);
}
