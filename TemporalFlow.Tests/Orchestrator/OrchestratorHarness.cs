using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core;
using TemporalFlow.Core.Routing;
using TemporalFlow.Orchestrator;
using TemporalFlow.Orchestrator.Activities;
using TemporalFlow.Orchestrator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Client;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Orchestrator;

/// <summary>
/// A real orchestrator worker (workflow and activities) on its own Temporal server (emulator unless one is configured),
/// over a real PostgreSQL ledger. Domain workflows are started but not run: the tests look at what was started.
/// </summary>
internal static class OrchestratorHarness
{
    public static async Task RunAsync(PostgresServer postgres, bool cacheOff, Func<WorkerScenario, Task> body, RoutingConfiguration? routing = null,
        Action<Temporalio.Worker.TemporalWorkerOptions>? configure = null)
    {
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        await using var server = await TemporalTestServer.StartAsync();
        var client = server.Client;
        await WorkerScenario.RunAsync(client, cacheOff, o =>
        {
            o.AddRootOrchestrator(client, postgres.DataSource, routing);
            configure?.Invoke(o);
        }, body, TaskQueues.RootOrchestrator);
    }

    public static async Task<T> QueryAsync<T>(this WorkflowHandle handle, string query) => await handle.QueryAsync<T>(query, []);

    /// <summary>Polls a query of the orchestrator (following its continue-as-new chain) until the condition holds.</summary>
    public static async Task<JsonElement> WaitForAsync(ITemporalClient client, string workflowId, string query, Func<JsonElement, bool> done)
    {
        var handle = client.GetWorkflowHandle(workflowId);
        var value = await handle.QueryAsync<JsonElement>(query, []);
        for (var i = 0; i < 600 && !done(value); i++)
        {
            await Task.Delay(200);
            value = await handle.QueryAsync<JsonElement>(query, []);
        }
        return value;
    }

    public static long Long(this JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }
        return element.GetInt64();
    }
}
