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
    private const int MaxBatchBytes = 512 * 1024; // well under Temporal's 2 MB payload limit, with an inline event carried twice

    /// <summary>Takes the next events to handle together: many under load, one when they trickle in.</summary>
    private List<PendingEvent> TakeBatch()
    {
        var batch = new List<PendingEvent>();
        var bytes = 0;
        while (pending.Count > 0 && batch.Count < MaxBatchEvents)
        {
            var size = pending.Peek().Size; // an inline event's size is its JSON's: measured once
            if (batch.Count > 0 && bytes + size > MaxBatchBytes)
            {
                break;
            }
            bytes += size;
            batch.Add(pending.Dequeue());
        }
        return batch;
    }

    /// <summary>
    /// A batch of events: each validated, de-duplicated and routed here (deterministically); then, in one activity, the domain
    /// workflows are started (without waiting for them) and every decision written to the ledger. Runs that began before the
    /// claim check record their inline events as they did: a start activity and a ledger activity.
    /// </summary>
    private async Task HandleBatchAsync(List<PendingEvent> batch, RoutingTable routing)
    {
        var outcomes = new List<Decided>();
        foreach (var item in batch)
        {
            stats.Received++;
            if (Classify(item, routing) is { } decided)
            {
                outcomes.Add(decided);
            }
            else
            {
                stats.Duplicates++;
            }
        }

        var legacy = outcomes.Where(o => !claimCheck && o.Item.Event is not null).ToList();
        var work = new List<Task>();
        if (!claimCheck)
        {
            var entries = legacy.ConvertAll(o => o.Decision.ToLedgerEntry());
            work.Add(Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.RecordInLedgerAsync(entries), ActivityOptions));
            var starts = legacy.Where(o => o.Decision.Start is not null).Select(o => o.LegacyStart()).ToList();
            if (starts.Count > 0)
            {
                work.Add(Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.StartDomainWorkflowsAsync(starts), ActivityOptions));
            }
        }
        var decisions = outcomes.Except(legacy).Select(o => o.Decision).ToList();
        var missing = Task.FromResult(new List<string>());
        if (decisions.Count > 0)
        {
            missing = Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.RouteEventsAsync(decisions), ActivityOptions);
            work.Add(missing);
        }
        await Workflow.WhenAllAsync(work);

        var unkept = (await missing).ToHashSet(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            var summary = outcome.Summary;
            if (outcome.Decision.Start is not null && !unkept.Contains(outcome.Decision.EventId))
            {
                stats.Routed++;
                stats.Count(summary.EventType, summary.Source, c => c.Routed++);
                AddRecent(summary);
                continue;
            }
            var reason = outcome.Decision.Reason ?? OrchestratorActivities.MissingPayload;
            var status = outcome.Decision.Start is null ? outcome.Decision.Status : LedgerStatus.DeadLettered;
            stats.Rejected++;
            stats.Count(summary.EventType, summary.Source, c => c.Rejected++);
            deadLetters.Add(new DeadLetter(summary.EventId, claimCheck ? null : outcome.Item.Event, reason, status, summary.ReceivedAt, summary.EventType, summary.Source));
            if (deadLetters.Count > DeadLetterLimit)
            {
                deadLetters.RemoveAt(0); // still in the ledger
            }
            AddRecent(summary with { Status = status, Reason = reason, WorkflowId = null });
        }
    }

    /// <summary>One event's decision, the pending item it came as, and its JSON when it came inline (what a start carried before the claim check).</summary>
    private sealed record Decided(EventDecision Decision, EventSummary Summary, PendingEvent Item, JsonElement? Inline)
    {
        public DomainWorkflowStart LegacyStart() => new(Decision.Start!.WorkflowType, Decision.Start.TaskQueue, Decision.Start.WorkflowId, Inline!.Value,
            Decision.Rule!, Decision.ConfigurationVersion!, Decision.TraceParent);
    }

    /// <summary>The decision about one event; null for a redelivery (its id was seen).</summary>
    private Decided? Classify(PendingEvent item, RoutingTable routing)
    {
        if (item.Reference is { } reference)
        {
            return Classify(reference, item, routing);
        }
        var json = item.Event!.Value;
        var parsed = EventParser.Parse(json, item.ReceivedAt, eventLimits);
        if (parsed.Event is not { } flowEvent || !parsed.IsValid)
        {
            var id = IdOf(json);
            return Remember(id)
                ? Dead(id, EventFields.Text(json, EventFields.EventType), EventFields.Text(json, EventFields.Source), item, json, parsed.Reason,
                    LedgerStatus.Rejected, rule: null, routing.Version)
                : null;
        }
        if (!Remember(flowEvent.EventId))
        {
            return null;
        }
        var eventJson = flowEvent.ToJson();
        return Route(flowEvent.EventId, flowEvent.EventType, flowEvent.Source, flowEvent.ReceivedAt, flowEvent.HasValue, item, eventJson, routing);
    }

    /// <summary>An event by reference: its payload is in the ledger, checked by the delivery port with the same parser.</summary>
    private Decided? Classify(EventReference reference, PendingEvent item, RoutingTable routing)
    {
        var malformed = reference.Problem(eventLimits);
        if ((reference.Invalid ?? malformed) is { } problem)
        {
            var id = malformed is null ? reference.EventId : EventIds.Derive(JsonSerializer.SerializeToElement(reference));
            return Remember(id)
                ? Dead(id, reference.EventType, reference.Source, item, null, problem, LedgerStatus.Rejected, rule: null, routing.Version)
                : null;
        }
        return Remember(reference.EventId)
            ? Route(reference.EventId, reference.EventType, reference.Source, reference.ReceivedAt, reference.Fields.Contains, item, null, routing)
            : null;
    }

    private Decided Route(string eventId, string eventType, string? source, DateTimeOffset receivedAt, Func<string, bool> hasValue, PendingEvent item,
        JsonElement? inline, RoutingTable routing)
    {
        stats.Count(eventType, source, c => c.Received++);
        var decision = routing.Route(eventType, source);
        if (decision.Target is not { } target)
        {
            return Dead(eventId, eventType, source, item, inline, decision.Reason!, LedgerStatus.DeadLettered, decision.Rule, decision.ConfigurationVersion,
                receivedAt);
        }
        var missing = target.RequiredFields.Where(field => !hasValue(field)).ToList();
        if (missing.Count > 0)
        {
            return Dead(eventId, eventType, source, item, inline,
                $"{string.Join(", ", missing)}: required by workflow '{decision.WorkflowKey}' but missing", LedgerStatus.DeadLettered,
                decision.Rule, decision.ConfigurationVersion, receivedAt);
        }
        var workflowId = RoutingTable.WorkflowId(decision.WorkflowKey!, target, eventId, eventType, source);
        return new Decided(
            new EventDecision(eventId, eventType, source, receivedAt, LedgerStatus.Routed, decision.Rule, decision.ConfigurationVersion, null,
                new DomainTarget(target.WorkflowType, target.TaskQueue, workflowId), item.TraceParent, inline?.GetRawText()),
            new EventSummary(eventId, eventType, source, LedgerStatus.Routed, decision.Rule, workflowId, null, decision.ConfigurationVersion, receivedAt),
            item, inline);
    }

    private static Decided Dead(string eventId, string? eventType, string? source, PendingEvent item, JsonElement? inline, string reason, string status,
        string? rule, string configurationVersion, DateTimeOffset? receivedAt = null)
    {
        var at = receivedAt ?? item.Reference?.ReceivedAt ?? item.ReceivedAt;
        return new Decided(
            new EventDecision(eventId, eventType ?? "(invalid)", source, at, status, rule, configurationVersion, reason, null, null, inline?.GetRawText()),
            new EventSummary(eventId, eventType, source, status, rule, null, reason, configurationVersion, at),
            item, inline);
    }

    private void AddRecent(EventSummary summary)
    {
        recent.Add(summary);
        if (recent.Count > RecentLimit)
        {
            recent.RemoveAt(0);
        }
    }

    private static string IdOf(JsonElement json) =>
        EventFields.Text(json, EventFields.EventId) is { Length: > 0 and <= 256 } given ? given : EventIds.Derive(json);
}
