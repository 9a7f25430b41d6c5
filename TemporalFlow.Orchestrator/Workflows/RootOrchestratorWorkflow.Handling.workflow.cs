using System.Text.Json;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Routing;
using TemporalFlow.Orchestrator.Activities;
using Temporalio.Workflows;

namespace TemporalFlow.Orchestrator.Workflows;

public sealed partial class RootOrchestratorWorkflow
{
    private const int MaxBatchEvents = 50;
    private const int MaxBatchBytes = 512 * 1024; // well under Temporal's 2 MB payload limit, with the event carried twice

    /// <summary>Takes the next events to handle together: many under load, one when they trickle in.</summary>
    private List<PendingEvent> TakeBatch()
    {
        var batch = new List<PendingEvent>();
        var bytes = 0;
        while (pending.Count > 0 && batch.Count < MaxBatchEvents && (batch.Count == 0 || bytes + Size(pending.Peek()) <= MaxBatchBytes))
        {
            var next = pending.Dequeue();
            bytes += Size(next);
            batch.Add(next);
        }
        return batch;
    }

    /// <summary>
    /// A batch of events: each validated, de-duplicated and routed here (deterministically); then the domain workflows are
    /// started (without waiting for them) and every event's ledger row written, in one activity each.
    /// </summary>
    private async Task HandleBatchAsync(List<PendingEvent> batch, RoutingTable routing)
    {
        var starts = new List<DomainWorkflowStart>();
        var ledger = new List<LedgerEntry>();
        var routed = new List<EventSummary>();
        var dead = new List<(DeadLetter Letter, EventSummary Summary)>();
        foreach (var item in batch)
        {
            stats.Received++;
            var outcome = Classify(item, routing);
            switch (outcome)
            {
                case Routed r:
                    starts.Add(r.Start);
                    ledger.Add(r.Ledger);
                    routed.Add(r.Summary);
                    break;
                case Dead d:
                    ledger.Add(d.Ledger);
                    dead.Add((d.Letter, d.Summary));
                    break;
                default:
                    stats.Duplicates++;
                    break;
            }
        }

        var work = new List<Task> { Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.RecordInLedgerAsync(ledger), ActivityOptions) };
        if (starts.Count > 0)
        {
            work.Add(Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.StartDomainWorkflowsAsync(starts), ActivityOptions));
        }
        await Workflow.WhenAllAsync(work);

        foreach (var summary in routed)
        {
            stats.Routed++;
            stats.Count(summary.EventType, summary.Source, c => c.Routed++);
            AddRecent(summary);
        }
        foreach (var (letter, summary) in dead)
        {
            stats.Rejected++;
            stats.Count(summary.EventType, summary.Source, c => c.Rejected++);
            deadLetters.Add(letter);
            if (deadLetters.Count > DeadLetterLimit)
            {
                deadLetters.RemoveAt(0); // still in the ledger
            }
            AddRecent(summary);
        }
    }

    private abstract record Outcome;

    private sealed record Duplicate : Outcome;

    private sealed record Routed(DomainWorkflowStart Start, LedgerEntry Ledger, EventSummary Summary) : Outcome;

    private sealed record Dead(LedgerEntry Ledger, DeadLetter Letter, EventSummary Summary) : Outcome;

    private Outcome Classify(PendingEvent item, RoutingTable routing)
    {
        var parsed = EventParser.Parse(item.Event, item.ReceivedAt, eventLimits);
        if (parsed.Event is not { } flowEvent || !parsed.IsValid)
        {
            var id = IdOf(item.Event);
            return Remember(id)
                ? DeadLetter(id, TextField(item.Event, EventFields.EventType), TextField(item.Event, EventFields.Source), item, parsed.Reason,
                    LedgerStatus.Rejected, rule: null, routing.Version)
                : new Duplicate();
        }
        if (!Remember(flowEvent.EventId))
        {
            return new Duplicate();
        }
        stats.Count(flowEvent.EventType, flowEvent.Source, c => c.Received++);

        var decision = routing.Route(flowEvent.EventType, flowEvent.Source);
        if (decision.Target is not { } target)
        {
            return DeadLetter(flowEvent.EventId, flowEvent.EventType, flowEvent.Source, item, decision.Reason!, LedgerStatus.DeadLettered,
                decision.Rule, decision.ConfigurationVersion);
        }
        var missing = target.RequiredFields.Where(field => !HasValue(flowEvent, field)).ToList();
        if (missing.Count > 0)
        {
            return DeadLetter(flowEvent.EventId, flowEvent.EventType, flowEvent.Source, item,
                $"{string.Join(", ", missing)}: required by workflow '{decision.WorkflowKey}' but missing", LedgerStatus.DeadLettered,
                decision.Rule, decision.ConfigurationVersion);
        }

        var workflowId = RoutingTable.WorkflowId(decision.WorkflowKey!, target, flowEvent.EventId, flowEvent.EventType, flowEvent.Source);
        var eventJson = flowEvent.ToJson();
        return new Routed(
            new DomainWorkflowStart(target.WorkflowType, target.TaskQueue, workflowId, eventJson, decision.Rule, decision.ConfigurationVersion, item.TraceParent),
            new LedgerEntry(flowEvent.EventId, flowEvent.Source, flowEvent.EventType, eventJson.GetRawText(), flowEvent.ReceivedAt,
                LedgerStatus.Routed, decision.Rule, workflowId, null, decision.ConfigurationVersion),
            new EventSummary(flowEvent.EventId, flowEvent.EventType, flowEvent.Source, LedgerStatus.Routed, decision.Rule, workflowId, null,
                decision.ConfigurationVersion, flowEvent.ReceivedAt));
    }

    private static Dead DeadLetter(string eventId, string? eventType, string? source, PendingEvent item, string reason, string status,
        string? rule, string configurationVersion) => new(
            new LedgerEntry(eventId, source, eventType ?? "(invalid)", item.Event.GetRawText(), item.ReceivedAt, status, rule, null, reason, configurationVersion),
            new DeadLetter(eventId, item.Event, reason, status, item.ReceivedAt),
            new EventSummary(eventId, eventType, source, status, rule, null, reason, configurationVersion, item.ReceivedAt));

    private void AddRecent(EventSummary summary)
    {
        recent.Add(summary);
        if (recent.Count > RecentLimit)
        {
            recent.RemoveAt(0);
        }
    }

    private static int Size(PendingEvent item) => item.Event.GetRawText().Length;

    private static bool HasValue(FlowEvent flowEvent, string field) =>
        flowEvent.Payload.TryGetValue(field, out var value)
        && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
        && (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > 0);

    private static string IdOf(JsonElement json) =>
        TextField(json, EventFields.EventId) is { Length: > 0 and <= 256 } given ? given : EventIds.Derive(json);

    private static string? TextField(JsonElement json, string field) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
