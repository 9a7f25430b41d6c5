namespace TemporalFlow.Benchmarks;

/// <param name="Shards">Orchestrator shards: the load run's (default 4), or the one count the pipeline measures (default 1, 2 and 4).</param>
/// <param name="EventBytes">How large each event's JSON is made (its message padded); 0 for small events (about 150 bytes).</param>
internal sealed record BenchmarkArgs(int Workflows, int Concurrency, string? Address = null, int Seconds = 60, int Rate = 25, int? Shards = null, bool Gzip = false,
    int EventBytes = 0)
{
    public static BenchmarkArgs Parse(IEnumerable<string> args, int concurrency = 64)
    {
        var result = new BenchmarkArgs(2000, concurrency);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var flag = e.Current;
            if (flag == "--gzip")
            {
                result = result with { Gzip = true };
                continue;
            }
            if (flag == "--address")
            {
                result = result with { Address = e.MoveNext() ? e.Current : throw new ArgumentException("--address needs host:port") };
                continue;
            }
            var value = e.MoveNext() && int.TryParse(e.Current, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} needs a positive number");
            result = flag switch
            {
                "--workflows" => result with { Workflows = value },
                "--concurrency" => result with { Concurrency = value },
                "--seconds" => result with { Seconds = value },
                "--rate" => result with { Rate = value },
                "--shards" => result with { Shards = value },
                "--event-bytes" => result with { EventBytes = value },
                _ => throw new ArgumentException($"unknown option {flag}"),
            };
        }
        return result;
    }

    /// <summary>
    /// The client's connection: gRPC compression off unless --gzip (the SDK's default), as the AppHost configures it for a server on
    /// this machine, where compressing every request only costs CPU on both sides.
    /// </summary>
    public Temporalio.Client.TemporalClientConnectOptions Connection(string address) =>
        new(address) { GrpcCompression = Gzip ? new Temporalio.Client.GrpcCompression.Gzip() : new Temporalio.Client.GrpcCompression.None() };
}
