using TemporalFlow.Emulator;
using Temporalio.Api.TestService.V1;
using Temporalio.Client;

namespace TemporalFlow.Benchmarks;

/// <summary>
/// The emulator's memory over a soak: a baseline, N workflows of one activity each, then the namespace's retention (one
/// day, passed on the emulator's virtual clock): the closed runs are deleted and the memory goes back to the baseline.
/// </summary>
internal static class RetentionSoakBenchmark
{
    private static readonly TimeSpan PastRetention = TimeSpan.FromHours(25);

    public static async Task<int> RunAsync(BenchmarkArgs args)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, TimeSkipping = true });
        var client = await TemporalClient.ConnectAsync(args.Connection(server.Address));
        const string TaskQueue = "soak";
        using var worker = EmulatorThroughputBenchmark.OneActivityWorker(client, TaskQueue);
        await worker.ExecuteAsync(async () =>
        {
            await EmulatorThroughputBenchmark.RunBatchAsync(client, TaskQueue, 1000, args.Concurrency, "warm-up");
            await PassRetentionAsync(client);
            var baseline = Measure("baseline (after 1,000 warm-up workflows and their retention)", client);
            await EmulatorThroughputBenchmark.RunBatchAsync(client, TaskQueue, args.Workflows, args.Concurrency, "soak");
            var loaded = Measure($"after {args.Workflows:N0} workflows", client);
            await PassRetentionAsync(client);
            var after = Measure("after the namespace's retention (1 day on the virtual clock)", client);
            Console.WriteLine($"retained {(loaded - baseline) / 1024.0 / 1024.0:F1} MiB for the soak; {(after - baseline) / 1024.0 / 1024.0:F1} MiB over the baseline after retention");
        });
        return 0;
    }

    /// <summary>Moves the virtual clock past the retention, then lists, which deletes the expired runs.</summary>
    private static async Task PassRetentionAsync(ITemporalClient client)
    {
        await client.Connection.TestService.UnlockTimeSkippingWithSleepAsync(new SleepRequest { Duration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(PastRetention) });
        var left = await client.CountWorkflowsAsync("");
        Console.WriteLine($"  {left.Count} runs left after the retention");
    }

    private static long Measure(string when, ITemporalClient client)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"  {when}: managed heap {heap / 1024.0 / 1024.0:F1} MiB, working set {Environment.WorkingSet / 1024.0 / 1024.0:F0} MiB");
        GC.KeepAlive(client);
        return heap;
    }
}
