using Microsoft.Extensions.Options;
using Temporalio.Activities;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Routing;

namespace TemporalFlow.Orchestrator.Activities;

/// <summary>The orchestrator's side effects: reading its configuration, starting domain workflows, writing the ledger.</summary>
public sealed class OrchestratorActivities(IOptions<RoutingConfiguration> routing, IDomainWorkflowStarter starter, IEventLedger ledger)
{
    [Activity("LoadRoutingConfiguration")]
    public RoutingConfiguration LoadRoutingConfiguration() => routing.Value;

    [Activity("StartDomainWorkflow")]
    public Task<StartOutcome> StartDomainWorkflowAsync(DomainWorkflowStart start) =>
        starter.StartAsync(start, ActivityExecutionContext.Current.CancellationToken);

    [Activity("RecordInLedger")]
    public Task RecordInLedgerAsync(LedgerEntry entry) => ledger.RecordAsync(entry, ActivityExecutionContext.Current.CancellationToken);
}
