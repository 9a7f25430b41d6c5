using System.Diagnostics;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core;
using Temporalio.Client;

namespace TemporalFlow.Benchmarks;

/// <summary>
/// Events per second from the delivery port (signal-with-start to the orchestrator shards) until the domain workflow is
/// started, for 1, 2 and 4 shards, against starting the same workflows directly with the client, in the same run.
/// Real parts: the emulator, the orchestrator worker, its activities and a throwaway PostgreSQL ledger.
/// </summary>
internal static class PipelineBenchmark
{
    private static readonly int[] ShardCounts = [1, 2, 4];
    private const int MaxShards = 4;

    public static async Task<int> RunAsync(BenchmarkArgs args)
    {
        await using var bench = await OrchestratorBench.StartAsync(args);
        var client = bench.Client;
        var startedAt = DateTimeOffset.UtcNow;
        await bench.Worker.ExecuteAsync(async () =>
        {
            var events = args.Workflows;
            Console.WriteLine($"{events} events of {Math.Max(args.EventBytes, 150)} bytes per round, {args.Concurrency} deliveries in flight, {Environment.ProcessorCount} cores");
            await MeasureAsync("warm-up (2 shards)", client, () => DeliverAsync(bench, 2, 200, args), 200);
            await MeasureAsync("warm-up (direct)", client, () => StartDirectlyAsync(client, 200, args), 200);
            // Each pipeline round next to a direct round, so both see the same machine (this VM's speed drifts) and the same store size.
            foreach (var shards in args.Shards is { } given ? [given] : ShardCounts)
            {
                var direct = await MeasureAsync("direct start", client, () => StartDirectlyAsync(client, events, args), events);
                var rate = await MeasureAsync($"pipeline, {shards} shard(s)", client, () => DeliverAsync(bench, shards, events, args), events);
                Console.WriteLine($"    = {rate / direct:F2} × direct");
            }
            await Load.OrchestratorRunsReport.PrintAsync(client, Math.Max(MaxShards, args.Shards ?? 0), startedAt);
            for (var shard = 0; shard < Math.Max(MaxShards, args.Shards ?? 0); shard++)
            {
                await client.GetWorkflowHandle($"{OrchestratorShards.WorkflowIdPrefix}{shard}").TerminateAsync("benchmark finished");
            }
        });
        return 0;
    }

    /// <summary>Events per second from the first send to the last domain workflow's start time as Temporal recorded it.</summary>
    private static async Task<double> MeasureAsync(string name, ITemporalClient client, Func<Task> send, int expected)
    {
        var since = $"WorkflowType = 'IncidentWorkflow' AND StartTime >= '{DateTime.UtcNow.AddSeconds(-1):O}'";
        var before = (await client.CountWorkflowsAsync(since)).Count;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sent = DateTime.UtcNow;
        await send();
        // Counting scans the whole store: ask rarely, and take the end from the start times, not from when the count was asked.
        while ((await client.CountWorkflowsAsync(since)).Count < before + expected)
        {
            await Task.Delay(100);
        }
        DateTime last = default;
        await foreach (var workflow in client.ListWorkflowsAsync($"{since} ORDER BY StartTime DESC", new() { Limit = 1 }))
        {
            last = workflow.StartTime;
        }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var elapsed = (last - sent).TotalSeconds;
        var rate = expected / elapsed;
        Console.WriteLine($"  {name}: {expected} domain workflows started in {elapsed:F2} s = {rate:F0} events/s, {cpu.TotalMilliseconds / expected:F2} ms of CPU each in this process");
        return rate;
    }

    private static Task DeliverAsync(OrchestratorBench bench, int shards, int count, BenchmarkArgs args)
    {
        var delivery = bench.Delivery(shards);
        return Parallel.ForEachAsync(OrchestratorBench.Incidents(count, args.EventBytes), new ParallelOptions { MaxDegreeOfParallelism = args.Concurrency },
            async (e, ct) => await delivery.DeliverAsync(e, ct));
    }

    private static Task StartDirectlyAsync(ITemporalClient client, int count, BenchmarkArgs args) =>
        Parallel.ForEachAsync(OrchestratorBench.Incidents(count, args.EventBytes), new ParallelOptions { MaxDegreeOfParallelism = args.Concurrency }, async (e, ct) =>
            await client.StartWorkflowAsync("IncidentWorkflow", [e.ToJson()], new($"direct-{e.EventId}", TaskQueues.Incident) { Rpc = new() { CancellationToken = ct } }));
}
