using TemporalFlow.Benchmarks;

return args.FirstOrDefault() switch
{
    "emulator" => await EmulatorThroughputBenchmark.RunAsync(BenchmarkArgs.Parse(args.Skip(1))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project TemporalFlow.Benchmarks -- <benchmark> [options]
          emulator [--workflows N] [--concurrency C] [--address host:port]
              workflows of one activity each through the emulator (in-process, or the server at --address) and a real worker
        """);
    return 2;
}
