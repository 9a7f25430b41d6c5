using Microsoft.Extensions.Caching.Memory;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// Remembers the timestamped signatures of requests whose events Temporal accepted, until the timestamp check would refuse
/// them anyway, so a replay inside the window is answered as before without delivering again. Per listener instance and
/// bounded (the oldest entries go first past the bound); behind that, the orchestrator's event-id dedup still holds.
/// </summary>
public sealed class SignatureReplayGuard(TimeProvider clock) : IDisposable
{
    private const int MaxEntries = 100_000;
    private readonly MemoryCache accepted = new(new MemoryCacheOptions { SizeLimit = MaxEntries, CompactionPercentage = 0.1, Clock = new CacheClock(clock) });

    /// <summary>Whether a request with this signature was accepted before.</summary>
    public bool WasAccepted(SignatureCheck check) => check.ReplayKey is { } key && accepted.TryGetValue(key, out _);

    /// <summary>Records that the request's events were accepted by Temporal.</summary>
    public void Accepted(SignatureCheck check)
    {
        if (check is { ReplayKey: { } key, ReplayableUntil: { } until })
        {
            accepted.Set(key, true, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        }
    }

    public void Dispose() => accepted.Dispose();

#pragma warning disable CS0618 // ISystemClock is the cache's own clock abstraction
    private sealed class CacheClock(TimeProvider clock) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
#pragma warning restore CS0618
}
