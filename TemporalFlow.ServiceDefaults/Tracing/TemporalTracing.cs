using System.Diagnostics;

namespace TemporalFlow.ServiceDefaults.Tracing;

/// <summary>The spans TemporalFlow records around Temporal calls, and the trace context of the signal being handled.</summary>
public static class TemporalTracing
{
    public const string SourceName = $"{OpenTelemetryExtensions.TelemetryPrefix}.Temporal";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly AsyncLocal<string?> SignalContext = new();
    private static readonly AsyncLocal<ActivityContext?> CallParent = new();

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

    /// <summary>
    /// Workflow code acting for work another trace brought (an event routed in a batch): marks <paramref name="name"/> in that
    /// trace, and until disposed the workflows it starts continue that trace instead of the workflow's own. Nothing is marked
    /// while replaying; the trace is <paramref name="traceParent"/>, from history, so replay agrees.
    /// </summary>
    public static IDisposable ActFor(string? traceParent, string name, params (string Key, object? Value)[] tags)
    {
        var previous = CallParent.Value;
        var parent = TraceHeaders.Parse(traceParent);
        CallParent.Value = Temporalio.Workflows.Workflow.Unsafe.IsReplaying ? parent : Mark(name, ActivityKind.Internal, parent, tags);
        return new Restore(() => CallParent.Value = previous);
    }

    /// <summary>The parent for a workflow's outgoing call: the trace it acts for (<see cref="ActFor"/>), or its own.</summary>
    internal static ActivityContext CallParentOr(ActivityContext own) => CallParent.Value ?? own;

    /// <summary>A span that marks a moment (a workflow run starting, a signal arriving): started and stopped at once.</summary>
    internal static ActivityContext Mark(string name, ActivityKind kind, ActivityContext parent, params (string Key, object? Value)[] tags)
    {
        using var span = Source.StartActivity(name, kind, parent);
        foreach (var (key, value) in tags)
        {
            span?.SetTag(key, value);
        }
        return span?.Context ?? parent;
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
