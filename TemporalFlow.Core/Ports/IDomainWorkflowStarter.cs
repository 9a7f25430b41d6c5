using System.Text.Json;

namespace TemporalFlow.Core.Ports;

/// <summary>Starts a domain workflow for a routed event without waiting for it to finish.</summary>
public interface IDomainWorkflowStarter
{
    Task<StartOutcome> StartAsync(DomainWorkflowStart start, CancellationToken cancellationToken);
}

/// <summary>
/// A domain workflow to start: its type, queue and deterministic id, the event as its input, and the W3C trace context the
/// event arrived with (so the domain workflow joins the listener's trace).
/// </summary>
public sealed record DomainWorkflowStart(string WorkflowType, string TaskQueue, string WorkflowId, JsonElement Event, string Rule, string ConfigurationVersion,
    string? TraceParent = null);

/// <summary>Started now, or already started by an earlier delivery of the same event.</summary>
public sealed record StartOutcome(string WorkflowId, string RunId, bool AlreadyStarted);
