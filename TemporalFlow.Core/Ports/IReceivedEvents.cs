using TemporalFlow.Core.Events;

namespace TemporalFlow.Core.Ports;

/// <summary>
/// The claim check of the delivery port: keeps each event's payload in the ledger (status <c>received</c>) before the
/// orchestrator is signalled its <see cref="EventReference"/>. Idempotent: an event id kept already keeps its first payload.
/// </summary>
public interface IReceivedEvents
{
    /// <summary>Inserts each row (made by <see cref="LedgerEntry.Received"/>) as <c>received</c>, in one round trip.</summary>
    Task KeepAsync(IReadOnlyList<LedgerEntry> received, CancellationToken cancellationToken);
}
