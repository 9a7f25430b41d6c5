using System.Diagnostics;
using System.Text.Json;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core;
using TemporalFlow.Orchestrator.Workflows;
using Temporalio.Common;
using Temporalio.Worker;

namespace TemporalFlow.Benchmarks;

/// <summary>
/// Time to replay one long orchestrator run from its history, as a worker must after the server refuses a continue-as-new:
/// the events that arrive meanwhile wait for it.
/// </summary>
internal static class ReplayBenchmark
{
    private const int Replays = 20;

    public static async Task<int> RunAsync(BenchmarkArgs args)
    {
        await using var bench = await OrchestratorBench.StartAsync(args);
        var client = bench.Client;
        var workflowId = $"{OrchestratorShards.WorkflowIdPrefix}0"; // where the delivery port sends with one shard
        WorkflowHistory? history = null;
        await bench.Worker.ExecuteAsync(async () =>
        {
            Console.WriteLine($"Recording a run of {args.Workflows} events of {Math.Max(args.EventBytes, 150)} bytes, {args.Concurrency} in flight (small batches, as under moderate load)...");
            await client.StartWorkflowAsync("RootOrchestratorWorkflow", [new { continueAsNewAfterEvents = 100_000 }],
                new(workflowId, TaskQueues.RootOrchestrator));
            var delivery = bench.Delivery(shards: 1);
            await Parallel.ForEachAsync(OrchestratorBench.Incidents(args.Workflows, args.EventBytes), new ParallelOptions { MaxDegreeOfParallelism = args.Concurrency },
                async (e, ct) => await delivery.DeliverAsync(e, ct));
            var handle = client.GetWorkflowHandle(workflowId);
            while ((await handle.QueryAsync<JsonElement>("stats", [])).GetProperty("routed").GetInt64() < args.Workflows)
            {
                await Task.Delay(100);
            }
            history = await handle.FetchHistoryAsync();
            await handle.TerminateAsync("benchmark finished");
        });

        // The server counts a history's size as its events' serialized bytes (what limit.historySize.* apply to).
        var bytes = history!.Events.Sum(e => (long)e.CalculateSize());
        Console.WriteLine($"History: {history.Events.Count} events, {bytes / 1024} KiB ({bytes / args.Workflows} bytes per routed event), "
            + $"{history.ToJson().Length / 1024} KiB as JSON; replaying it {Replays} times...");
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<RootOrchestratorWorkflow>());
        var cpu = new List<double>();
        for (var i = 0; i < Replays; i++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: true);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
        }
        var settled = cpu.Skip(Replays / 2).Order().ToList(); // the first replays pay for JIT
        Console.WriteLine($"  CPU per replay (last {settled.Count}): median {settled[settled.Count / 2]:F0} ms, min {settled[0]:F0} ms, max {settled[^1]:F0} ms");
        return 0;
    }
}
