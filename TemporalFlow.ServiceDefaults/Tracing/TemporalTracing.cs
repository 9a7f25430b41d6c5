using System.Diagnostics;

namespace TemporalFlow.ServiceDefaults.Tracing;

/// <summary>The spans TemporalFlow records around Temporal calls, and the trace context of the signal being handled.</summary>
public static class TemporalTracing
{
    public const string SourceName = $"{OpenTelemetryExtensions.TelemetryPrefix}.Temporal";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly AsyncLocal<string?> SignalContext = new();

    /// <summary>
    /// The W3C <c>traceparent</c> the signal now being handled carried (from its Temporal header, so replay sees the same value).
    /// A workflow that queues signalled work keeps it, to continue that trace when it acts on the work later.
    /// </summary>
    public static string? SignalTraceParent => SignalContext.Value;

    internal static IDisposable WithSignalContext(ActivityContext context)
    {
        var previous = SignalContext.Value;
        SignalContext.Value = context == default ? null : TraceHeaders.TraceParent(context);
        return new Restore(() => SignalContext.Value = previous);
    }

    /// <summary>A span that marks a moment (a workflow run starting, a signal arriving): started and stopped at once.</summary>
    internal static void Mark(string name, ActivityKind kind, ActivityContext parent, params (string Key, object? Value)[] tags)
    {
        using var span = Source.StartActivity(name, kind, parent);
        foreach (var (key, value) in tags)
        {
            span?.SetTag(key, value);
        }
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
