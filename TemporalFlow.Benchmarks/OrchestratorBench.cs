using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Routing;
using TemporalFlow.Emulator;
using TemporalFlow.Orchestrator;
using TemporalFlow.Orchestrator.Activities;
using TemporalFlow.Orchestrator.Workflows;
using TemporalFlow.Testing;
using Temporalio.Client;
using Temporalio.Worker;

namespace TemporalFlow.Benchmarks;

/// <summary>The real orchestrator worker, its activities and a throwaway PostgreSQL ledger, against the emulator in this process (or --address).</summary>
internal sealed class OrchestratorBench : IAsyncDisposable
{
    private readonly ThrowawayPostgres postgres;
    private readonly EmulatorServer? server;

    private OrchestratorBench(ThrowawayPostgres postgres, EmulatorServer? server, ITemporalClient client, TemporalWorker worker) =>
        (this.postgres, this.server, Client, Worker) = (postgres, server, client, worker);

    public ITemporalClient Client { get; }

    public TemporalWorker Worker { get; }

    /// <summary>The delivery port as listeners use it: payloads kept in the ledger, references signalled.</summary>
    public TemporalEventDelivery Delivery(int shards) => new(Client, new OrchestratorShards(shards), new PostgresEventLedger(postgres.DataSource));

    public static async Task<OrchestratorBench> StartAsync(BenchmarkArgs args)
    {
        Console.WriteLine("Starting PostgreSQL (throwaway cluster) and the emulator...");
        var postgres = new ThrowawayPostgres();
        await postgres.StartAsync();
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        var server = args.Address is null ? await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 }) : null;
        var client = await TemporalClient.ConnectAsync(args.Connection(args.Address ?? server!.Address));
        var worker = new TemporalWorker(client, new TemporalWorkerOptions(TaskQueues.RootOrchestrator)
        {
            MaxConcurrentActivities = 200,
            ActivityTaskFactory = Task.Factory,
            DisableWorkflowTracingEventListener = true,
        }.AddRootOrchestrator(client, postgres.DataSource));
        return new OrchestratorBench(postgres, server, client, worker);
    }

    /// <summary>
    /// Distinct incident events (the message carries a fresh marker, so every event id is new), parsed as a listener would;
    /// each padded to about <paramref name="eventBytes"/> of JSON when that is more than their own size.
    /// </summary>
    public static IEnumerable<FlowEvent> Incidents(int count, int eventBytes = 0)
    {
        var marker = Guid.NewGuid().ToString("N");
        var padding = new string('x', Math.Max(0, eventBytes - 200));
        return Enumerable.Range(0, count).Select(i => EventParser.Parse(
            JsonSerializer.SerializeToElement(new { eventType = "incident", source = "monitoring", message = $"{marker} #{i} {padding}" }), DateTimeOffset.UtcNow).Event!);
    }

    public async ValueTask DisposeAsync()
    {
        Worker.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        await postgres.DisposeAsync();
    }
}
