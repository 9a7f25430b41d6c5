using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
/// Claim check: with a ledger (<see cref="IReceivedEvents"/>) the payload of each event over <see cref="ClaimCheckAboveBytes"/> is
/// kept there first and the signal carries its <see cref="EventReference"/>; smaller events, and all of them without a ledger
/// or while it cannot be written, travel inline (a lone one as <c>trigger</c>, as the product description sends it), so a
/// database outage never stops intake.
/// </summary>
public sealed partial class TemporalEventDelivery : IEventDelivery, IAsyncDisposable
{
    public const string WorkflowType = WorkflowTypes.RootOrchestrator;
    public const string TriggerSignal = "trigger";
    public const string TriggerBatchSignal = "trigger_batch";

    /// <summary>Up to 100 events and 256 K characters a signal: well under Temporal's payload limits.</summary>
    public static readonly BatchLimits SignalLimits = new(MaxItems: 100, MaxWeight: 256 * 1024);

    /// <summary>
    /// Events up to this size travel inline: a reference saves them little history and costs a database write before the
    /// signal and a read before the start (the pipeline benchmark measured 22 % fewer small events per second by reference).
    /// </summary>
    public const int ClaimCheckAboveBytes = 2048;

    private static readonly TimeSpan KeepTimeout = TimeSpan.FromSeconds(5);

    private readonly ITemporalClient client;
    private readonly OrchestratorShards shards;
    private readonly IReceivedEvents? received;
    private readonly ILogger logger;
    private readonly GroupCommit<Queued> signals;

    public TemporalEventDelivery(ITemporalClient client, OrchestratorShards shards, IReceivedEvents? received = null, ILogger<TemporalEventDelivery>? logger = null)
    {
        (this.client, this.shards, this.received) = (client, shards, received);
        this.logger = logger ?? NullLogger<TemporalEventDelivery>.Instance;
        signals = new GroupCommit<Queued>(SignalAsync, Weight, SignalLimits);
    }

    public async Task<DeliveryReceipt> DeliverAsync(FlowEvent flowEvent, CancellationToken cancellationToken)
    {
        var workflowId = shards.WorkflowIdFor(flowEvent.EventId);
        await signals.SubmitAsync(workflowId, Queue(flowEvent), cancellationToken);
        EventMetrics.CountReceived(flowEvent.EventType, flowEvent.Source);
        return new DeliveryReceipt(flowEvent.EventId, workflowId);
    }

    public ValueTask DisposeAsync() => signals.DisposeAsync();

    /// <summary>The event with its reference when it can travel by one: the orchestrator's own parser checks it first.</summary>
    private Queued Queue(FlowEvent flowEvent)
    {
        var json = flowEvent.ToJson();
        if (received is null || json.GetRawText().Length <= ClaimCheckAboveBytes || EventReference.Of(flowEvent) is not { } reference)
        {
            return new Queued(flowEvent, json, null, Activity.Current);
        }
        var parsed = EventParser.Parse(json, flowEvent.ReceivedAt);
        return new Queued(flowEvent, json, parsed.IsValid ? reference : reference with { Invalid = parsed.Reason }, Activity.Current);
    }

    private static long Weight(Queued item) => item.Reference is null ? item.Json.GetRawText().Length : 512;

    /// <summary>One signal-with-start to the shard, once the referenced payloads are kept: a lone inline event as <c>trigger</c>, else <c>trigger_batch</c>.</summary>
    private async Task SignalAsync(string workflowId, IReadOnlyList<Queued> batch)
    {
        var items = await KeepAsync(batch);
        var options = new WorkflowOptions(workflowId, TaskQueues.RootOrchestrator)
        {
            IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.UseExisting,
        };
        // The tracing interceptor parents the signal's span on the current activity (an async method's change stays in it):
        // a lone event's caller, as a direct call would; none for a batch, whose events each carry their own trace.
        Activity.Current = batch.Count == 1 ? batch[0].Caller : null;
        if (items is [{ Reference: null, Event: { } lone }])
        {
            options.SignalWithStart(TriggerSignal, [lone]);
        }
        else
        {
            options.SignalWithStart(TriggerBatchSignal, [items]);
        }
        await client.StartWorkflowAsync(WorkflowType, [new Dictionary<string, object>()], options);
    }

    /// <summary>Keeps the payloads of the events that travel by reference; if the ledger cannot take them now, they travel inline.</summary>
    private async Task<List<BatchedEvent>> KeepAsync(IReadOnlyList<Queued> batch)
    {
        var byReference = batch.Where(item => item.Reference is not null).ToList();
        var inline = byReference.Count == 0;
        if (!inline)
        {
            using var timeout = new CancellationTokenSource(KeepTimeout);
            try
            {
                await received!.KeepAsync(byReference.ConvertAll(item => LedgerEntry.Received(item.Event, item.Json.GetRawText())), timeout.Token);
            }
            catch (Exception e) when (e is DbException or TimeoutException || timeout.IsCancellationRequested)
            {
                LogInline(logger, byReference.Count, e.GetType().Name);
                inline = true;
            }
        }
        return batch.Select(item => inline || item.Reference is null
            ? new BatchedEvent(item.Json, item.Caller?.Id)
            : new BatchedEvent(null, item.Caller?.Id, item.Reference)).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The ledger could not keep {Count} events ({Error}): they go to the orchestrator inline; check the database connection")]
    private static partial void LogInline(ILogger logger, int count, string error);

    private sealed record Queued(FlowEvent Event, JsonElement Json, EventReference? Reference, Activity? Caller);
}
