using System.Diagnostics;
using System.Text.Json;
using Temporalio.Client;
using TemporalFlow.Core;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Telemetry;

namespace TemporalFlow.Adapters.Temporal;

/// <summary>
/// Delivers events with signal-with-start to the event's orchestrator shard: it starts the shard if needed, and returns
/// only once Temporal has recorded the signal. A retried delivery carries the same event id, so the orchestrator drops it.
/// Group commit per shard: one signal is in flight at a time, and the events that arrive meanwhile go together in the next
/// (<c>trigger_batch</c>, each with its own trace context), so a shard's signal rate stays bounded however many events come.
/// A lone event goes as <c>trigger</c>, as the product description sends it.
/// </summary>
public sealed class TemporalEventDelivery(ITemporalClient client, OrchestratorShards shards) : IEventDelivery
{
    public const string WorkflowType = WorkflowTypes.RootOrchestrator;
    public const string TriggerSignal = "trigger";
    public const string TriggerBatchSignal = "trigger_batch";
    private const int MaxBatchEvents = 100;
    private const int MaxBatchChars = 256 * 1024; // well under Temporal's payload limits

    private readonly Dictionary<string, ShardQueue> queues = new(StringComparer.Ordinal);

    public async Task<DeliveryReceipt> DeliverAsync(FlowEvent flowEvent, CancellationToken cancellationToken)
    {
        var workflowId = shards.WorkflowIdFor(flowEvent.EventId);
        var item = new Queued(flowEvent.ToJson(), Activity.Current);
        ShardQueue queue;
        bool startSending;
        lock (queues)
        {
            if (!queues.TryGetValue(workflowId, out queue!))
            {
                queues[workflowId] = queue = new ShardQueue();
            }
            queue.Items.Enqueue(item);
            startSending = !queue.Sending;
            queue.Sending = true;
        }
        if (startSending)
        {
            _ = Task.Run(() => SendAllAsync(workflowId, queue), CancellationToken.None);
        }
        await item.Accepted.Task.WaitAsync(cancellationToken);
        EventMetrics.CountReceived(flowEvent.EventType, flowEvent.Source);
        return new DeliveryReceipt(flowEvent.EventId, workflowId);
    }

    /// <summary>Sends what is queued for a shard, a batch at a time, until the queue is empty.</summary>
    private async Task SendAllAsync(string workflowId, ShardQueue queue)
    {
        while (TakeBatch(queue) is { Count: > 0 } batch)
        {
            try
            {
                await SignalAsync(workflowId, batch);
                batch.ForEach(item => item.Accepted.TrySetResult());
            }
            catch (Exception ex)
            {
                batch.ForEach(item => item.Accepted.TrySetException(ex)); // each caller answers as before: retry later, nothing acknowledged
            }
        }
    }

    /// <summary>The next batch (up to 100 events, 256 K characters); none left means this sender stops.</summary>
    private List<Queued> TakeBatch(ShardQueue queue)
    {
        lock (queues)
        {
            var batch = new List<Queued>();
            var chars = 0;
            while (queue.Items.TryPeek(out var next) && batch.Count < MaxBatchEvents && (batch.Count == 0 || chars + next.Chars <= MaxBatchChars))
            {
                batch.Add(queue.Items.Dequeue());
                chars += next.Chars;
            }
            queue.Sending = batch.Count > 0;
            return batch;
        }
    }

    private async Task SignalAsync(string workflowId, List<Queued> batch)
    {
        var options = new WorkflowOptions(workflowId, TaskQueues.RootOrchestrator)
        {
            IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.UseExisting,
        };
        var previous = Activity.Current;
        if (batch.Count == 1)
        {
            Activity.Current = batch[0].Caller; // the signal continues the caller's trace, as a direct call would
            options.SignalWithStart(TriggerSignal, [batch[0].Event]);
        }
        else
        {
            Activity.Current = null; // a batch belongs to many traces: each event carries its own
            options.SignalWithStart(TriggerBatchSignal, [batch.Select(item => new BatchedEvent(item.Event, item.Caller?.Id)).ToList()]);
        }
        try
        {
            await client.StartWorkflowAsync(WorkflowType, [new Dictionary<string, object>()], options);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    private sealed record Queued(JsonElement Event, Activity? Caller)
    {
        public int Chars { get; } = Event.GetRawText().Length;

        public TaskCompletionSource Accepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A shard's waiting events, and whether a sender is draining them (both guarded by the dictionary's lock).</summary>
    private sealed class ShardQueue
    {
        public Queue<Queued> Items { get; } = new();

        public bool Sending { get; set; }
    }
}
