using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core.Ports;
using Temporalio.Client;

namespace TemporalFlow.Chat.Tools;

/// <summary>
/// What the assistant can look at and do, from live state: the event ledger and the incident store (through their ports) and
/// Temporal (workflows, the orchestrator's queries and signals). Both modes call exactly these methods; the actions run only
/// after a confirmation.
/// </summary>
public sealed partial class TemporalFlowTools(IEventLedger ledger, IIncidentStore incidents, ITemporalClient temporal, IEventDelivery delivery,
    OrchestratorShards shards, ILogger<TemporalFlowTools> logger)
{
    public const int MaxRows = 20;

    private IEnumerable<string> OrchestratorIds() => Enumerable.Range(0, shards.Count).Select(k => $"{OrchestratorShards.WorkflowIdPrefix}{k}");
}
