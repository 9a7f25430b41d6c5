using Microsoft.Extensions.Options;
using Npgsql;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core.Routing;
using TemporalFlow.Orchestrator.Activities;
using TemporalFlow.Orchestrator.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace TemporalFlow.Orchestrator;

/// <summary>The orchestrator worker's wiring, in one place: the host, the tests and the benchmarks all build it here.</summary>
public static class OrchestratorWorker
{
    /// <summary>
    /// Adds <see cref="RootOrchestratorWorkflow"/> and its activities over the real adapters: domain workflows started through
    /// <paramref name="client"/>, decisions recorded in the ledger in <paramref name="database"/>, routed by
    /// <paramref name="routing"/> (the product description's tables when null).
    /// </summary>
    public static TemporalWorkerOptions AddRootOrchestrator(this TemporalWorkerOptions options, ITemporalClient client, NpgsqlDataSource database,
        RoutingConfiguration? routing = null, TimeProvider? clock = null) =>
        options.AddWorkflow<RootOrchestratorWorkflow>().AddAllActivities(new OrchestratorActivities(Options.Create(routing ?? DefaultRouting.Create()),
            new TemporalWorkflowStarter(client), new PostgresEventLedger(database), clock ?? TimeProvider.System));
}
