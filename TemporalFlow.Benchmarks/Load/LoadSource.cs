using System.Collections.Concurrent;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>One way events enter the platform in a load run, with what it sent and how the platform answered.</summary>
internal abstract class LoadSource(string name)
{
    private long accepted;
    private long retried;
    private long failed;

    public string Name => name;

    /// <summary>Events per send call (SQS takes batches of ten).</summary>
    public abstract int BatchSize { get; }

    public virtual int MaxInFlight => 256;

    /// <summary>The scheduled send time of each accepted event, by the key its ledger row can be matched with.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> Sent { get; } = new(StringComparer.Ordinal);

    public long Accepted => Interlocked.Read(ref accepted);

    public long Retried => Interlocked.Read(ref retried);

    public long Failed => Interlocked.Read(ref failed);

    public string? FirstFailure { get; private set; }

    public abstract Task SendAsync(long first, int count, DateTimeOffset scheduledAt, CancellationToken cancellationToken);

    protected void CountAccepted(string key, DateTimeOffset scheduledAt)
    {
        Sent[key] = scheduledAt;
        Interlocked.Increment(ref accepted);
    }

    public string? FirstRetryReason { get; private set; }

    protected void CountRetry(string reason)
    {
        Interlocked.Increment(ref retried);
        FirstRetryReason ??= reason;
    }

    protected void CountFailure(int events, string reason)
    {
        Interlocked.Add(ref failed, events);
        FirstFailure ??= reason;
    }
}
