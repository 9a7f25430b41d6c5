using System.Text.Json;
using TemporalFlow.Core;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Routing;
using TemporalFlow.Orchestrator.Activities;
using TemporalFlow.ServiceDefaults.Tracing;
using Temporalio.Common;
using Temporalio.Workflows;

namespace TemporalFlow.Orchestrator.Workflows;

/// <summary>
/// The Root Orchestrator: receives events through the <c>trigger</c> signal, validates them, routes them by configuration
/// (event type, then source, then default) and starts the target domain workflow with an id derived from the event, so a
/// redelivered event never starts a second one. Invalid and unroutable events become dead letters. It runs indefinitely,
/// continuing as new with its pending events and de-duplication state whenever history grows long.
/// </summary>
[Workflow(WorkflowTypes.RootOrchestrator)]
public sealed partial class RootOrchestratorWorkflow
{
    private const int SeenLimit = 2_000; // redeliveries come within seconds; later ones still start nothing (the workflow id is taken)
    private const int RecentLimit = 100;
    private const int DeadLetterLimit = 1_000;
    private const int DefaultContinueAsNewAfterEvents = 1_000; // short runs replay fast: a run that must replay under load does not fall behind
    private const int MaxBatchesInFlight = 4;
    private const int BatchesBetweenClosingAttempts = 4;
    private const string CloseWhenIdlePatch = "orchestrator-close-when-idle";
    private const string ResourceUriRulesPatch = "orchestrator-resource-uri-rules";
    private const string ClaimCheckPatch = "orchestrator-claim-check";
    private static readonly TimeSpan QuietCheck = TimeSpan.FromMilliseconds(10);
    private static readonly JsonElement NullJson = JsonDocument.Parse("null").RootElement; // an item with neither event nor reference

    private readonly Queue<PendingEvent> pending = new();
    private readonly Queue<DeadLetter> redrive = new(); // dead letters to read again from the ledger
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> seenOrder = new();
    private readonly List<EventSummary> recent;
    private readonly List<DeadLetter> deadLetters;
    private readonly OrchestratorStats stats;
    private readonly int continueAsNewAfterEvents;
    private RoutingTable? table;
    private string? lastRejectedConfiguration;
    private long signalsReceived;
    private bool closeWhenIdle;
    private EventLimits eventLimits = EventLimits.WithoutResourceUriRules;
    private bool claimCheck;

    [WorkflowInit]
    public RootOrchestratorWorkflow(RootOrchestratorInput? input)
    {
        var carried = input?.CarryOver;
        foreach (var item in carried?.Pending ?? [])
        {
            pending.Enqueue(item);
        }
        foreach (var id in carried?.SeenEventIds ?? [])
        {
            Remember(id);
        }
        recent = carried?.Recent ?? [];
        deadLetters = carried?.DeadLetters ?? [];
        stats = carried?.Stats ?? new OrchestratorStats();
        lastRejectedConfiguration = carried?.LastRejectedConfiguration;
        continueAsNewAfterEvents = input?.ContinueAsNewAfterEvents is > 0 and var limit ? limit : DefaultContinueAsNewAfterEvents;
    }

    [WorkflowRun]
    public async Task RunAsync(RootOrchestratorInput? input)
    {
        // A run past its length closes as soon as it is idle; runs that began before this change replay as they ran.
        closeWhenIdle = Workflow.Patched(CloseWhenIdlePatch);
        // Resource URIs (documentUri, datasetUri) that fail the listeners' rules become dead letters here too.
        eventLimits = Workflow.Patched(ResourceUriRulesPatch) ? EventLimits.Default : EventLimits.WithoutResourceUriRules;
        // Inline events are recorded with RouteEvents, dead letters keep no payload, and the carry-over is checked against its budget.
        claimCheck = Workflow.Patched(ClaimCheckPatch);
        if (table is null)
        {
            table = TryCompile(input?.Routing)
                ?? RoutingTable.Create(await Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.LoadRoutingConfiguration(), ActivityOptions));
        }
        // Events are handled in batches, a few batches at a time (each waits only on its own activities).
        var inFlight = new List<Task>();
        var batchesBeforeClosing = 0;
        bool TimeToClose() => TimeToContinueAsNew
            && (batchesBeforeClosing <= 0 || (closeWhenIdle && pending.Count == 0 && redrive.Count == 0 && inFlight.Count == 0));
        while (true)
        {
            var closing = TimeToClose();
            await Workflow.WaitConditionAsync(() => inFlight.Any(t => t.IsCompleted) || (closing
                ? inFlight.Count == 0
                : (HasWork && inFlight.Count < MaxBatchesInFlight) || TimeToClose()));
            foreach (var done in inFlight.Where(t => t.IsCompleted).ToList())
            {
                inFlight.Remove(done);
                await done; // surfaces a failure instead of losing the event silently
            }
            if (closing && inFlight.Count == 0)
            {
                // Events being handled and signals being delivered finish first; whatever is pending travels to the next run.
                await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
                if ((!claimCheck || CarryOverFits) && await QuietForAMomentAsync())
                {
                    var next = NextRunInput();
                    throw Workflow.CreateContinueAsNewException((RootOrchestratorWorkflow w) => w.RunAsync(next));
                }
                batchesBeforeClosing = BatchesBetweenClosingAttempts; // events keep coming: handle some, then try again
                continue;
            }
            while (!closing && HasWork && inFlight.Count < MaxBatchesInFlight)
            {
                inFlight.Add(redrive.Count > 0 ? RedriveFromLedgerAsync() : HandleBatchAsync(TakeBatch(), table));
                batchesBeforeClosing--;
            }
        }
    }

    [WorkflowSignal("trigger")]
    public Task TriggerAsync(JsonElement triggerEvent)
    {
        signalsReceived++;
        pending.Enqueue(new PendingEvent(triggerEvent.Clone(), Workflow.UtcNow, TemporalTracing.SignalTraceParent));
        return Task.CompletedTask;
    }

    /// <summary>Several events in one signal (the delivery port sends those that arrive while a signal is in flight), each with its trace.</summary>
    [WorkflowSignal("trigger_batch")]
    public Task TriggerBatchAsync(List<BatchedEvent> events)
    {
        signalsReceived++;
        foreach (var item in events)
        {
            pending.Enqueue(new PendingEvent(item.Event?.Clone() ?? (item.Reference is null ? NullJson : null), Workflow.UtcNow,
                item.TraceParent ?? TemporalTracing.SignalTraceParent, item.Reference));
        }
        return Task.CompletedTask;
    }

    /// <summary>Replaces the routing configuration; an invalid one is refused (see <c>routingConfig</c>) and the current one kept.</summary>
    [WorkflowSignal("update_configuration")]
    public Task UpdateConfigurationAsync(RoutingConfiguration configuration)
    {
        signalsReceived++;
        table = TryCompile(configuration) ?? table;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Routes dead letters again (after a configuration fix): those named, or all when none are named. A letter that kept its
    /// event (runs before the claim check) is handled again at once; the others are read again from the ledger first.
    /// </summary>
    [WorkflowSignal("redrive_dead_letters")]
    public Task RedriveDeadLettersAsync(RedriveRequest? request)
    {
        signalsReceived++;
        var chosen = deadLetters.Where(d => request?.EventIds is not { Count: > 0 } ids || ids.Contains(d.EventId)).ToList();
        foreach (var letter in chosen)
        {
            deadLetters.Remove(letter);
            Forget(letter.EventId);
            if (letter.Event is { } inline)
            {
                pending.Enqueue(new PendingEvent(inline, letter.ReceivedAt));
            }
            else
            {
                redrive.Enqueue(letter);
            }
        }
        return Task.CompletedTask;
    }

    [WorkflowQuery("stats")]
    public OrchestratorStats Stats() => stats.Top();

    [WorkflowQuery("recentEvents")]
    public IReadOnlyList<EventSummary> RecentEvents() => recent;

    [WorkflowQuery("deadLetters")]
    public IReadOnlyList<DeadLetter> DeadLetters() => deadLetters;

    [WorkflowQuery("routingConfig")]
    public RoutingConfigView? RoutingConfig() =>
        table is null ? null : new RoutingConfigView(table.Version, table.Configuration, lastRejectedConfiguration);

    /// <summary>
    /// Closing a run fails when a signal arrives while its last task runs (the SDK then replays the whole history, during which
    /// more arrive). So a run closes only in a task woken by a short timer that no signal beat: such a task runs on the worker's
    /// cached copy in milliseconds. After a failed close the replayed task sees the signals that beat it and handles events again.
    /// </summary>
    private async Task<bool> QuietForAMomentAsync()
    {
        var before = signalsReceived;
        await Workflow.DelayAsync(QuietCheck);
        return signalsReceived == before;
    }

    private bool HasWork => pending.Count > 0 || redrive.Count > 0;

    private bool TimeToContinueAsNew => Workflow.ContinueAsNewSuggested || Workflow.CurrentHistoryLength >= continueAsNewAfterEvents;

    private static ActivityOptions ActivityOptions => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        // Temporal or PostgreSQL being away is waited out: an accepted event is never dropped.
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), MaximumInterval = TimeSpan.FromSeconds(30) },
    };

    private RoutingTable? TryCompile(RoutingConfiguration? configuration)
    {
        if (configuration is null)
        {
            return null;
        }
        var problems = RoutingValidator.Validate(configuration);
        if (problems.Count == 0)
        {
            return RoutingTable.Create(configuration);
        }
        lastRejectedConfiguration = $"version '{configuration.Version}' refused at {Workflow.UtcNow:O}: {string.Join("; ", problems)}";
        return null;
    }

    /// <summary>False when the id was seen already (a redelivery). The memory is bounded: the oldest ids are forgotten first.</summary>
    private bool Remember(string eventId)
    {
        if (!seen.Add(eventId))
        {
            return false;
        }
        seenOrder.Enqueue(eventId);
        while (seenOrder.Count > SeenLimit)
        {
            seen.Remove(seenOrder.Dequeue());
        }
        return true;
    }

    private void Forget(string eventId)
    {
        if (seen.Remove(eventId))
        {
            var kept = seenOrder.Where(id => id != eventId).ToList();
            seenOrder.Clear();
            kept.ForEach(seenOrder.Enqueue);
        }
    }
}

public sealed record RedriveRequest([property: System.Text.Json.Serialization.JsonPropertyName("eventIds")] List<string>? EventIds);
