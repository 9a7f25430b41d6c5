using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Aspire.Hosting.Testing;
using Npgsql;
using TemporalFlow.AppHost.LocalCloud;
using TemporalFlow.Testing;
using Temporalio.Client;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>
/// A sustained load run through the whole application: signed incident webhooks and S3 notifications on SQS at a fixed rate
/// each, then events per second, end-to-end latency (sent / received by the listener → domain workflow started, as Temporal
/// records it) and each process's memory and CPU.
/// </summary>
internal static class LoadBenchmark
{
    private const string RunbookText = "Runbook: restart the service, then check the queue depth.\n";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(BenchmarkArgs args)
    {
        Console.WriteLine($"Load run: {args.Rate} events/s through the webhook listener and {args.Rate}/s through SQS for {args.Seconds} s, " +
            $"{(args.Shards ?? 4)} orchestrator shard(s), {Environment.ProcessorCount} cores");
        Console.WriteLine("Starting the application (PostgreSQL, Temporal, fauxqs, Azurite, workers, listeners; first start builds them)...");
        using var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await using var app = await LoadApplication.StartAsync((args.Shards ?? 4), startTimeout.Token);
        var processes = app.ProcessIds();
        foreach (var (name, pid) in processes)
        {
            Console.WriteLine($"  {name,-18} pid {pid,-7} {ProcessUsage.CommandLine(pid)}");
        }

        var fauxqs = app.App.GetEndpoint("fauxqs", "http").ToString().TrimEnd('/');
        using var s3 = FauxqsClients.S3(fauxqs);
        using var sqs = FauxqsClients.Sqs(fauxqs);
        var queueUrl = (await sqs.GetQueueUrlAsync(LocalCloudServices.Queue)).QueueUrl;
        await using var database = NpgsqlDataSource.Create((await app.App.GetConnectionStringAsync("temporalflow"))!);
        var temporalEndpoint = app.App.GetEndpoint("temporal", "grpc");
        var temporal = await TemporalClient.ConnectAsync(args.Connection($"{temporalEndpoint.Host}:{temporalEndpoint.Port}"));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = app.App.GetEndpoint("webhook-listener", "http") };

        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        async Task<LoadSource[]> SourcesAsync(string run, string key)
        {
            var stored = await s3.PutObjectAsync(new PutObjectRequest { BucketName = LocalCloudServices.Bucket, Key = key, ContentBody = RunbookText });
            return [new WebhookLoad(http, run), new SqsLoad(sqs, queueUrl, LocalCloudServices.Bucket, key, RunbookText.Length, stored.ETag.Trim('"'))];
        }

        // Warm-up (every process JIT-compiles its paths on the first events): a quarter of the run, not counted.
        var warmUpSeconds = Math.Max(5, args.Seconds / 4);
        Console.WriteLine($"Warming up for {warmUpSeconds} s...");
        var warmUpKey = $"load/warm-up-{runId}/runbook.txt";
        var warmUp = await SourcesAsync($"warm-up-{runId}", warmUpKey);
        await Task.WhenAll(warmUp.Select(s => Pacer.RunAsync(s, args.Rate, TimeSpan.FromSeconds(warmUpSeconds), DateTimeOffset.UtcNow, CancellationToken.None)));
        await new LoadResults(database, temporal, $"warm-up-{runId}", warmUpKey).WaitForLedgerAsync(warmUp.Sum(s => s.Accepted), DrainTimeout);

        Console.WriteLine($"Measuring for {args.Seconds} s...");
        var key = $"load/{runId}/runbook.txt";
        var sources = await SourcesAsync(runId, key);
        var results = new LoadResults(database, temporal, runId, key);
        var usage = new ProcessUsage(processes);
        usage.Sample();

        using var sampling = new CancellationTokenSource();
        var startedAt = DateTimeOffset.UtcNow;
        var sampler = SampleAsync(usage, sources, results, sampling.Token);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(sources.Select(s => Pacer.RunAsync(s, args.Rate, TimeSpan.FromSeconds(args.Seconds), startedAt, CancellationToken.None)));
        var sendSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"Sent for {sendSeconds:F1} s; waiting until every accepted event's workflow has started...");
        var accepted = sources.Sum(s => s.Accepted);
        var drained = await results.WaitForLedgerAsync(accepted, DrainTimeout);
        await sampling.CancelAsync();
        await sampler;
        usage.Sample();

        await results.ReportAsync(sources, startedAt, sendSeconds);
        await OrchestratorRunsReport.PrintAsync(temporal, (args.Shards ?? 4), startedAt);
        Console.WriteLine("Memory (PSS of each resource's processes, not counting the dotnet run / bash launchers) and CPU over the run:");
        foreach (var (name, peak, last, cpu) in usage.Report())
        {
            Console.WriteLine($"  {name,-18} peak {peak / 1048576.0,7:F0} MiB   end {last / 1048576.0,7:F0} MiB   CPU {cpu,6:F1} s");
        }
        foreach (var source in sources.Where(s => s.Retried > 0))
        {
            Console.WriteLine($"  {source.Name}: {source.Retried} retries, first because of: {source.FirstRetryReason}");
        }
        foreach (var failed in sources.Where(s => s.Failed > 0))
        {
            Console.WriteLine($"  {failed.Name}: {failed.Failed} events not accepted, first: {failed.FirstFailure}");
        }
        if (!drained)
        {
            await Console.Error.WriteLineAsync($"Not every accepted event was recorded within {DrainTimeout.TotalMinutes} minutes: the offered rate is above what this machine sustains; try a lower --rate.");
            return 1;
        }
        return 0;
    }

    /// <summary>Samples memory and CPU each second and prints progress every five.</summary>
    private static async Task SampleAsync(ProcessUsage usage, LoadSource[] sources, LoadResults results, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var tick = 1; !cancellationToken.IsCancellationRequested; tick++)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            usage.Sample();
            if (tick % 5 == 0)
            {
                var recorded = await results.CountLedgerRowsAsync();
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,4:F0} s: " +
                    string.Join(", ", sources.Select(s => $"{s.Name} {s.Accepted} accepted" + (s.Retried > 0 ? $" ({s.Retried} retries)" : ""))) +
                    $"; {recorded} in the ledger");
            }
        }
    }
}
