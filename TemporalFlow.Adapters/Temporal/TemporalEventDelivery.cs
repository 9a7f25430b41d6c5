using Temporalio.Client;
using TemporalFlow.Core;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Telemetry;

namespace TemporalFlow.Adapters.Temporal;

/// <summary>
/// Delivers events with signal-with-start to the event's orchestrator shard: it starts the shard if needed, and returns
/// only once Temporal has recorded the signal. A retried delivery carries the same event id, so the orchestrator drops it.
/// </summary>
public sealed class TemporalEventDelivery(ITemporalClient client, OrchestratorShards shards) : IEventDelivery
{
    public const string WorkflowType = "RootOrchestratorWorkflow";
    public const string TriggerSignal = "trigger";

    public async Task<DeliveryReceipt> DeliverAsync(FlowEvent flowEvent, CancellationToken cancellationToken)
    {
        var workflowId = shards.WorkflowIdFor(flowEvent.EventId);
        var options = new WorkflowOptions(workflowId, TaskQueues.RootOrchestrator)
        {
            IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.UseExisting,
            Rpc = new RpcOptions { CancellationToken = cancellationToken },
        };
        options.SignalWithStart(TriggerSignal, [flowEvent.ToJson()]);
        await client.StartWorkflowAsync(WorkflowType, [new Dictionary<string, object>()], options);
        EventMetrics.CountReceived(flowEvent.EventType, flowEvent.Source);
        return new DeliveryReceipt(flowEvent.EventId, workflowId);
    }
}
