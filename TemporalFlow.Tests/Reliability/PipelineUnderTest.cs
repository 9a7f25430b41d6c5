using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core;
using TemporalFlow.Core.Routing;
using TemporalFlow.Emulator.Testing;
using TemporalFlow.Orchestrator;
using TemporalFlow.Orchestrator.Activities;
using TemporalFlow.Orchestrator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Client;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Reliability;

/// <summary>
/// The pipeline up to the domain workflows' start, for real: a Temporal server (emulator unless configured), the orchestrator
/// worker on its queue, the PostgreSQL ledger. Domain workflows are started, not run. Stop it by disposing.
/// </summary>
internal sealed class PipelineUnderTest : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private EmulatorWorkflowEnvironment environment = null!;
    private Task worker = Task.CompletedTask;

    public ITemporalClient Client => environment.Client;

    public string Address => Client.Connection.Options.TargetHost!;

    /// <summary>The in-process emulator (null when the tests run against a configured real server).</summary>
    public TemporalFlow.Emulator.EmulatorServer? Emulator => environment.Server;

    /// <summary>Starts it; <paramref name="emulatorOnly"/> for fault injection, which only the emulator offers.</summary>
    public static async Task<PipelineUnderTest> StartAsync(PostgresServer postgres, bool emulatorOnly = false)
    {
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        var pipeline = new PipelineUnderTest { environment = emulatorOnly ? await EmulatorWorkflowEnvironment.StartAsync() : await TemporalTestServer.StartAsync() };
        var orchestrator = new TemporalWorker(pipeline.Client, new TemporalWorkerOptions(TaskQueues.RootOrchestrator)
            .AddRootOrchestrator(pipeline.Client, postgres.DataSource));
        pipeline.worker = Task.Run(async () =>
        {
            using (orchestrator)
            {
                await orchestrator.ExecuteAsync(pipeline.stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        return pipeline;
    }

    /// <summary>Waits until the ledger holds <paramref name="rows"/> rows (at most <paramref name="within"/>), returning the count last seen.</summary>
    public static async Task<long> WaitForLedgerAsync(PostgresServer postgres, long rows, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        long seen;
        while ((seen = await postgres.CountAsync("SELECT count(*) FROM event_ledger")) < rows && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await worker;
        await environment.ShutdownAsync();
        stop.Dispose();
    }
}
