namespace TemporalFlow.Benchmarks;

internal sealed record BenchmarkArgs(int Workflows, int Concurrency, string? Address = null, int Seconds = 60, int Rate = 25, int Shards = 4)
{
    public static BenchmarkArgs Parse(IEnumerable<string> args)
    {
        var result = new BenchmarkArgs(2000, 64);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var flag = e.Current;
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
                _ => throw new ArgumentException($"unknown option {flag}"),
            };
        }
        return result;
    }
}
