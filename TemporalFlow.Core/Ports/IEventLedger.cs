using TemporalFlow.Core.Events;

namespace TemporalFlow.Core.Ports;

/// <summary>The durable record of every event: one row per event id, written idempotently.</summary>
public interface IEventLedger
{
    /// <summary>Inserts or updates the row of each entry's event id, all in one round trip.</summary>
    Task RecordAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);

    Task<LedgerEntry?> FindAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>The rows of these event ids (those that exist), in one round trip.</summary>
    Task<IReadOnlyList<LedgerEntry>> FindManyAsync(IReadOnlyList<string> eventIds, CancellationToken cancellationToken);

    /// <summary>The row of the event that started this domain workflow.</summary>
    Task<LedgerEntry?> FindByWorkflowAsync(string workflowId, CancellationToken cancellationToken);

    /// <summary>The latest events that were not routed (rejected or dead-lettered), newest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> LatestUnroutedAsync(int count, CancellationToken cancellationToken);
}

public static class LedgerStatus
{
    /// <summary>Kept by the delivery port before the orchestrator was signalled its reference; not decided yet.</summary>
    public const string Received = "received";
    public const string Routed = "routed";
    public const string Rejected = "rejected";
    public const string DeadLettered = "dead-lettered";
}

/// <summary>
/// One event's row: what arrived, what was decided, and why. <paramref name="PayloadJson"/> is null in a decision about an event
/// whose payload the ledger holds already (it arrived by reference); the row then keeps its payload.
/// </summary>
public sealed record LedgerEntry(
    string EventId,
    string? Source,
    string EventType,
    string? PayloadJson,
    DateTimeOffset ReceivedAt,
    string Status,
    string? Route,
    string? WorkflowId,
    string? Reason,
    string? ConfigurationVersion)
{
    /// <summary>An event's row as received, before anything is decided: its payload (the JSON the caller has already) and no decision.</summary>
    public static LedgerEntry Received(FlowEvent flowEvent, string payloadJson) =>
        new(flowEvent.EventId, flowEvent.Source, flowEvent.EventType, payloadJson, flowEvent.ReceivedAt, LedgerStatus.Received, null, null, null, null);
}
