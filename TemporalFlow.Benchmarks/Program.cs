using BenchmarkDotNet.Running;
using TemporalFlow.Benchmarks;

return args.FirstOrDefault() switch
{
    "load" => await TemporalFlow.Benchmarks.Load.LoadBenchmark.RunAsync(BenchmarkArgs.Parse(args.Skip(1))),
    // Throughput wants enough workflows in flight that every wake-up finds several tasks; --concurrency trades it for latency.
    "emulator" => await EmulatorThroughputBenchmark.RunAsync(BenchmarkArgs.Parse(args.Skip(1), concurrency: 128)),
    "pipeline" => await PipelineBenchmark.RunAsync(BenchmarkArgs.Parse(args.Skip(1))),
    "retention" => await RetentionSoakBenchmark.RunAsync(BenchmarkArgs.Parse(args.Skip(1), concurrency: 128)),
    "replay" => await ReplayBenchmark.RunAsync(BenchmarkArgs.Parse(args.Skip(1), concurrency: 4)),
    "routing" => RunBenchmarkDotNet<RoutingBenchmarks>(args.Skip(1).ToArray()),
    "webhook" => await WebhookBenchmark.RunAsync(BenchmarkArgs.Parse(args.Skip(1))),
    _ => Usage(),
};

static int RunBenchmarkDotNet<T>(string[] args)
{
    var summary = BenchmarkRunner.Run<T>(args: args);
    return summary.HasCriticalValidationErrors ? 1 : 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project TemporalFlow.Benchmarks -- <benchmark> [options]
          emulator [--workflows N] [--concurrency C (128)] [--address host:port] [--gzip]
              workflows of one activity each through the emulator (in-process, or the server at --address) and a real worker
          (--gzip: the SDK's default gRPC compression, which the AppHost turns off for a server on this machine)
          load [--seconds S] [--rate R] [--shards N]   (defaults 60 s, 25/s each, 4 shards)
              the whole application (AppHost) under R events/s through the webhook listener and R/s through SQS for S seconds:
              events/s, end-to-end latency (sent / received → domain workflow started), memory and CPU of each process
          pipeline [--workflows N] [--concurrency C] [--address host:port] [--gzip]
              events from the delivery port to domain workflow started, 1/2/4 orchestrator shards against direct starts
          replay [--workflows N] [--concurrency C (4)]
              records one orchestrator run of N events, then times replaying it (what a worker does after a refused continue-as-new)
          retention [--workflows N] [--concurrency C (128)]
              the in-process emulator's memory before, after N workflows, and after their retention passed on its virtual clock
          routing
              BenchmarkDotNet: time and allocations of one routing decision
          webhook [--workflows N] [--concurrency C] [--address host:port] [--gzip]
              signed /webhook requests against a bare endpoint doing the same Temporal call, on loopback
        """);
    return 2;
}
