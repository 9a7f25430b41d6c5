using System.Diagnostics;
using System.Text.Json;
using TemporalFlow.Core;
using TemporalFlow.Core.Delivery;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Telemetry;
using Temporalio.Client;

namespace TemporalFlow.Adapters.Temporal;

/// <summary>
/// Delivers events with signal-with-start to the event's orchestrator shard: it starts the shard if needed, and returns
/// only once Temporal has recorded the signal. A retried delivery carries the same event id, so the orchestrator drops it.
/// Group commit per shard: one signal is in flight at a time, and the events that arrive meanwhile go together in the next
/// (<c>trigger_batch</c>, each with its own trace context), so a shard's signal rate stays bounded however many events come.
/// A lone event goes as <c>trigger</c>, as the product description sends it.
/// </summary>
public sealed class TemporalEventDelivery : IEventDelivery, IAsyncDisposable
{
    public const string WorkflowType = WorkflowTypes.RootOrchestrator;
    public const string TriggerSignal = "trigger";
    public const string TriggerBatchSignal = "trigger_batch";

    /// <summary>Up to 100 events and 256 K characters a signal: well under Temporal's payload limits.</summary>
    public static readonly BatchLimits SignalLimits = new(MaxItems: 100, MaxWeight: 256 * 1024);

    private readonly ITemporalClient client;
    private readonly OrchestratorShards shards;
    private readonly GroupCommit<Queued> signals;

    public TemporalEventDelivery(ITemporalClient client, OrchestratorShards shards)
    {
        (this.client, this.shards) = (client, shards);
        signals = new GroupCommit<Queued>(SignalAsync, item => item.Event.GetRawText().Length, SignalLimits);
    }

    public async Task<DeliveryReceipt> DeliverAsync(FlowEvent flowEvent, CancellationToken cancellationToken)
    {
        var workflowId = shards.WorkflowIdFor(flowEvent.EventId);
        await signals.SubmitAsync(workflowId, new Queued(flowEvent.ToJson(), Activity.Current), cancellationToken);
        EventMetrics.CountReceived(flowEvent.EventType, flowEvent.Source);
        return new DeliveryReceipt(flowEvent.EventId, workflowId);
    }

    public ValueTask DisposeAsync() => signals.DisposeAsync();

    /// <summary>One signal-with-start to the shard: a lone event as <c>trigger</c>, in its caller's trace; several as <c>trigger_batch</c>.</summary>
    private async Task SignalAsync(string workflowId, IReadOnlyList<Queued> batch)
    {
        var options = new WorkflowOptions(workflowId, TaskQueues.RootOrchestrator)
        {
            IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.UseExisting,
        };
        // The tracing interceptor parents the signal's span on the current activity (an async method's change stays in it):
        // a lone event's caller, as a direct call would; none for a batch, whose events each carry their own trace.
        Activity.Current = batch.Count == 1 ? batch[0].Caller : null;
        if (batch.Count == 1)
        {
            options.SignalWithStart(TriggerSignal, [batch[0].Event]);
        }
        else
        {
            options.SignalWithStart(TriggerBatchSignal, [batch.Select(item => new BatchedEvent(item.Event, item.Caller?.Id)).ToList()]);
        }
        await client.StartWorkflowAsync(WorkflowType, [new Dictionary<string, object>()], options);
    }

    private sealed record Queued(JsonElement Event, Activity? Caller);
}
