namespace Instrumentation.Logging;

/// <summary>
/// Marks the state of generated log methods: their message is built from redacted values already, so
/// sinks do not run the free-text scrubber over it again.
/// </summary>
public interface IRedactedLogState
{
}
