using System.Diagnostics;
using Microsoft.Extensions.Options;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Routing;
using TemporalFlow.Core.Telemetry;
using TemporalFlow.ServiceDefaults.Tracing;
using Temporalio.Activities;

namespace TemporalFlow.Orchestrator.Activities;

/// <summary>The orchestrator's side effects, in batches: reading its configuration, starting domain workflows, writing the ledger.</summary>
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
