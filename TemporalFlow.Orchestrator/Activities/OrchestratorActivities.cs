using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Routing;
using TemporalFlow.Core.Telemetry;
using TemporalFlow.ServiceDefaults.Tracing;
using Temporalio.Activities;

namespace TemporalFlow.Orchestrator.Activities;

/// <summary>
/// The orchestrator's side effects, in batches: reading its configuration, starting domain workflows and writing the ledger
/// (<c>RouteEvents</c>; runs that began before the claim check use <c>StartDomainWorkflows</c> and <c>RecordInLedger</c>), and
/// describing dead letters again from the ledger for a re-drive.
/// </summary>
public sealed class OrchestratorActivities(IOptions<RoutingConfiguration> routing, IDomainWorkflowStarter starter, IEventLedger ledger, TimeProvider clock)
{
    private const int StartsInParallel = 32;

    [Activity("LoadRoutingConfiguration")]
    public RoutingConfiguration LoadRoutingConfiguration() => routing.Value;

    /// <summary>Starts each workflow (an id already used counts as started: a redelivery). A failure retries the batch; starts that went through are not repeated.</summary>
    [Activity("StartDomainWorkflows")]
    public async Task<List<StartOutcome>> StartDomainWorkflowsAsync(List<DomainWorkflowStart> starts)
    {
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var outcomes = new StartOutcome[starts.Count];
        await Parallel.ForAsync(0, starts.Count, new ParallelOptions { MaxDegreeOfParallelism = StartsInParallel, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await StartAsync(starts[i], ct));
        return [.. outcomes];
    }

    [Activity("RecordInLedger")]
    public async Task RecordInLedgerAsync(List<LedgerEntry> entries)
    {
        await ledger.RecordAsync(entries, ActivityExecutionContext.Current.CancellationToken);
        foreach (var entry in entries)
        {
            EventMetrics.CountOutcome(entry.EventType, entry.Source, entry.Status);
        }
    }

    /// <summary>
    /// Starts the domain workflow of each routed event (its payload read from the ledger unless it came inline) and writes
    /// every decision to the ledger. Returns the routed events whose payload the ledger does not hold: they start nothing and
    /// are recorded dead-lettered. A retry starts nothing twice (ids are deterministic) and writes the same rows again.
    /// </summary>
    [Activity("RouteEvents")]
    public async Task<List<string>> RouteEventsAsync(List<EventDecision> decisions)
    {
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var routed = decisions.Where(d => d.Start is not null).ToList();
        var stored = await PayloadsAsync(routed.Where(d => d.PayloadJson is null).Select(d => d.EventId).ToList(), cancellationToken);
        var missing = routed.Where(d => d.PayloadJson is null && !stored.ContainsKey(d.EventId)).Select(d => d.EventId).ToHashSet(StringComparer.Ordinal);
        var starts = routed.Where(d => !missing.Contains(d.EventId))
            .Select(d => new DomainWorkflowStart(d.Start!.WorkflowType, d.Start.TaskQueue, d.Start.WorkflowId,
                JsonDocument.Parse(d.PayloadJson ?? stored[d.EventId]).RootElement, d.Rule!, d.ConfigurationVersion!, d.TraceParent))
            .ToList();
        // Both at once: a failure retries the whole activity, which starts nothing twice and writes the same rows again.
        await Task.WhenAll(StartDomainWorkflowsAsync(starts), RecordInLedgerAsync(decisions.ConvertAll(d => missing.Contains(d.EventId)
            ? d with { Status = LedgerStatus.DeadLettered, Start = null, Reason = MissingPayload }
            : d).ConvertAll(d => d.ToLedgerEntry())));
        return [.. missing];
    }

    /// <summary>The reason of a routed event whose payload the ledger does not hold (a reference nobody kept).</summary>
    public const string MissingPayload = "the event's payload is not in the ledger (a reference that was never kept)";

    /// <summary>Dead letters as they are to be re-driven, read again from the ledger: each by reference, or inline when it names too many fields.</summary>
    [Activity("DescribeEvents")]
    public async Task<List<BatchedEvent>> DescribeEventsAsync(List<string> eventIds)
    {
        var rows = await ledger.FindManyAsync(eventIds, ActivityExecutionContext.Current.CancellationToken);
        return [.. rows.Select(row =>
        {
            var json = JsonDocument.Parse(row.PayloadJson!).RootElement;
            var parsed = EventParser.Parse(json, row.ReceivedAt);
            return parsed.Event is { } flowEvent && parsed.IsValid
                ? EventReference.Of(flowEvent) is { } reference ? new BatchedEvent(null, null, reference) : new BatchedEvent(json, null)
                : new BatchedEvent(null, null, new EventReference(row.EventId, row.EventType, row.Source, row.ReceivedAt, [], parsed.Reason));
        })];
    }

    private async Task<Dictionary<string, string>> PayloadsAsync(List<string> eventIds, CancellationToken cancellationToken) =>
        eventIds.Count == 0
            ? []
            : (await ledger.FindManyAsync(eventIds, cancellationToken)).Where(row => row.PayloadJson is not (null or "null"))
                .ToDictionary(row => row.EventId, row => row.PayloadJson!, StringComparer.Ordinal);

    /// <summary>One start, in the trace the event arrived with (the batch's own trace is another listener's).</summary>
    private async Task<StartOutcome> StartAsync(DomainWorkflowStart start, CancellationToken cancellationToken)
    {
        using var span = TemporalTracing.Source.StartActivity("RouteEvent", ActivityKind.Internal, TraceHeaders.Parse(start.TraceParent));
        span?.SetTag("temporalflow.route.rule", start.Rule);
        span?.SetTag("temporal.workflow.id", start.WorkflowId);
        var outcome = await starter.StartAsync(start, cancellationToken);
        if (!outcome.AlreadyStarted)
        {
            EventMetrics.RecordRoutingLatency(start.Event, clock.GetUtcNow());
        }
        return outcome;
    }
}
