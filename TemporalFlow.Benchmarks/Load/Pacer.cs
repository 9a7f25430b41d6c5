using System.Diagnostics;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>
/// Sends at a fixed rate whatever the system does (an open loop): when it falls behind, the lateness shows in the latency,
/// measured from each event's scheduled time, instead of slowing the sender down (no coordinated omission).
/// </summary>
internal static class Pacer
{
    public static async Task RunAsync(LoadSource source, double perSecond, TimeSpan duration, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var total = (long)(perSecond * duration.TotalSeconds);
        using var inFlight = new SemaphoreSlim(source.MaxInFlight);
        var sends = new List<Task>();
        var clock = Stopwatch.StartNew();
        long issued = 0;
        while (issued < total)
        {
            var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * perSecond));
            while (due - issued >= source.BatchSize || (due == total && issued < total))
            {
                var count = (int)Math.Min(source.BatchSize, total - issued);
                var scheduledAt = startedAt + TimeSpan.FromSeconds(issued / perSecond);
                await inFlight.WaitAsync(cancellationToken);
                var first = issued;
                sends.Add(Task.Run(async () =>
                {
                    try
                    {
                        await source.SendAsync(first, count, scheduledAt, cancellationToken);
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                }, cancellationToken));
                issued += count;
            }
            await Task.Delay(10, cancellationToken);
        }
        await Task.WhenAll(sends);
    }
}
