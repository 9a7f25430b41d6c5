using System.Diagnostics;
using TemporalFlow.Emulator;
using Temporalio.Activities;
using Temporalio.Client;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace TemporalFlow.Benchmarks;

/// <summary>N workflows of one activity each, started and completed through the emulator by a real worker in this process.</summary>
internal static class EmulatorThroughputBenchmark
{
    private const int WarmUpWorkflows = 1000;

    public static async Task<int> RunAsync(BenchmarkArgs args)
    {
        // In-process by default; --address measures a server in another process (the emulator run separately, or real Temporal).
        await using var server = args.Address is null ? await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 }) : null;
        var client = await TemporalClient.ConnectAsync(args.Connection(args.Address ?? server!.Address));
        var taskQueue = "benchmark";
        using var worker = OneActivityWorker(client, taskQueue);

        await worker.ExecuteAsync(async () =>
        {
            Console.WriteLine($"Warming up, then running {args.Workflows} workflows with {args.Concurrency} in flight on {Environment.ProcessorCount} cores, " +
                $"gRPC compression {(args.Gzip ? "gzip" : "off")}...");
            // Long enough for the JIT's tiered, profile-guided recompilation of the hot paths to settle.
            await RunBatchAsync(client, taskQueue, WarmUpWorkflows, args.Concurrency, "warm-up");
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            var latencies = await RunBatchAsync(client, taskQueue, args.Workflows, args.Concurrency, "run");
            total.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            Console.WriteLine($"workflows: {args.Workflows}, elapsed: {total.Elapsed.TotalSeconds:F2} s, " +
                $"throughput: {args.Workflows / total.Elapsed.TotalSeconds:F0} workflows/s, " +
                $"start-to-close {Percentiles.Summary(latencies)}, " +
                $"CPU per workflow in this process: {cpu.TotalMilliseconds / args.Workflows:F2} ms");
        });
        return 0;
    }

    /// <summary>A worker for <see cref="OneActivityWorkflow"/> tuned for throughput on this machine.</summary>
    internal static TemporalWorker OneActivityWorker(ITemporalClient client, string taskQueue) => new(client, new TemporalWorkerOptions(taskQueue)
    {
        MaxConcurrentWorkflowTasks = 100,
        MaxConcurrentActivities = 100,
        MaxConcurrentWorkflowTaskPolls = 8,
        MaxConcurrentActivityTaskPolls = 8,
        // The activity is async and short: run it on the thread pool, not on a dedicated thread each (the SDK's default).
        ActivityTaskFactory = Task.Factory,
        DisableWorkflowTracingEventListener = true,
    }.AddWorkflow<OneActivityWorkflow>().AddAllActivities(new EchoActivities()));

    internal static async Task<List<double>> RunBatchAsync(ITemporalClient client, string taskQueue, int count, int concurrency, string prefix)
    {
        var latencies = new List<double>(count);
        using var gate = new SemaphoreSlim(concurrency);
        var progress = Stopwatch.StartNew();
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var timer = Stopwatch.StartNew();
                var handle = await client.StartWorkflowAsync((OneActivityWorkflow w) => w.RunAsync(i), new($"{prefix}-{i}-{Guid.NewGuid():N}", taskQueue));
                await handle.GetResultAsync();
                lock (latencies)
                {
                    latencies.Add(timer.Elapsed.TotalMilliseconds);
                    if (++done % 500 == 0 && progress.Elapsed > TimeSpan.FromSeconds(1))
                    {
                        Console.WriteLine($"  {prefix}: {done}/{count}");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return latencies;
    }
}
