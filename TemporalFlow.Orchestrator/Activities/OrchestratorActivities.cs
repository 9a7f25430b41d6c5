using Microsoft.Extensions.Options;
using Temporalio.Activities;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Routing;

namespace TemporalFlow.Orchestrator.Activities;

/// <summary>The orchestrator's side effects, in batches: reading its configuration, starting domain workflows, writing the ledger.</summary>
public sealed class OrchestratorActivities(IOptions<RoutingConfiguration> routing, IDomainWorkflowStarter starter, IEventLedger ledger)
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
            async (i, ct) => outcomes[i] = await starter.StartAsync(starts[i], ct));
        return [.. outcomes];
    }

    [Activity("RecordInLedger")]
    public Task RecordInLedgerAsync(List<LedgerEntry> entries) => ledger.RecordAsync(entries, ActivityExecutionContext.Current.CancellationToken);
}
