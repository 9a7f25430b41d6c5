namespace TemporalFlow.Emulator.Engine;

internal sealed class TimerHandle(DateTime due, long sequence, Action callback)
{
    public DateTime Due { get; } = due;
    public long Sequence { get; } = sequence;
    public Action Callback { get; } = callback;
    public bool Canceled { get; private set; }

    public void Cancel() => Canceled = true;
}

/// <summary>
/// Virtual time: real time plus an offset that only grows. Timers fire in due order on a background loop under the engine's lock.
/// With time skipping on, the offset jumps to the next timer whenever nothing is running and skipping is unlocked.
/// </summary>
internal sealed class EmulatorClock : IAsyncDisposable
{
    private readonly Lock sync;
    private readonly Func<bool> isIdle;
    private readonly Action<Exception> onTimerError;
    private readonly PriorityQueue<TimerHandle, (DateTime, long)> timers = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan offset;
    private long sequence;

    /// <param name="sync">The engine's lock; callbacks run while it is held.</param>
    /// <param name="isIdle">Evaluated under the lock: true when no task is scheduled or running anywhere.</param>
    /// <param name="onTimerError">Reports a timer callback that threw; the clock keeps running.</param>
    public EmulatorClock(Lock sync, Func<bool> isIdle, Action<Exception> onTimerError)
    {
        this.sync = sync;
        this.isIdle = isIdle;
        this.onTimerError = onTimerError;
        loop = Task.Run(RunAsync);
    }

    public DateTime Now => DateTime.UtcNow + offset;

    /// <summary>Time skipping happens only while this is zero (and the server was started with time skipping).</summary>
    public int SkipLocks { get; private set; } = 1;

    /// <summary>Locks (+1) or unlocks (-1) time skipping; call with the engine lock held. Wakes the loop so an unlock skips at once.</summary>
    public void ChangeSkipLocks(int delta)
    {
        SkipLocks = Math.Max(0, SkipLocks + delta);
        wake.TrySetResult();
    }

    public bool TimeSkippingEnabled { get; init; }

    /// <summary>Call with the engine lock held.</summary>
    public TimerHandle Schedule(TimeSpan delay, Action callback)
    {
        var handle = new TimerHandle(Now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay), ++sequence, callback);
        // Only a new earliest timer changes how long the loop sleeps.
        var earliest = !timers.TryPeek(out _, out var first) || handle.Due < first.Item1;
        timers.Enqueue(handle, (handle.Due, handle.Sequence));
        if (earliest)
        {
            wake.TrySetResult();
        }
        return handle;
    }

    /// <summary>Moves virtual time forward by <paramref name="duration"/>, firing due timers in order and letting workflows react in between.</summary>
    public async Task AdvanceAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        DateTime target;
        lock (sync)
        {
            target = Now + duration;
        }
        while (true)
        {
            await WaitForIdleAsync(cancellationToken);
            lock (sync)
            {
                if (!TryPeekLive(out var next) || next.Due > target)
                {
                    if (target > Now)
                    {
                        offset += target - Now;
                    }
                    wake.TrySetResult();
                    return;
                }
                if (next.Due > Now)
                {
                    offset += next.Due - Now;
                }
                FireDue();
            }
        }
    }

    /// <summary>Waits (a bounded while) until no task is scheduled or running, so skipped time does not overtake work.</summary>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 2000; i++)
        {
            lock (sync)
            {
                if (isIdle())
                {
                    return;
                }
            }
            await Task.Delay(5, cancellationToken);
        }
    }

    private async Task RunAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Task woken;
            TimeSpan wait;
            lock (sync)
            {
                FireDue();
                if (TryPeekLive(out var next) && TimeSkippingEnabled && SkipLocks <= 0 && isIdle())
                {
                    offset += next.Due - Now;
                    FireDue();
                    continue;
                }
                wait = TryPeekLive(out next) ? next.Due - Now : Timeout.InfiniteTimeSpan;
                // While skipping could happen soon, look again shortly: idleness is not signalled.
                if (TimeSkippingEnabled && SkipLocks <= 0 && (wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.FromMilliseconds(10)))
                {
                    wait = TimeSpan.FromMilliseconds(10);
                }
                wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                woken = wake.Task;
            }
            if (wait != Timeout.InfiniteTimeSpan && wait < TimeSpan.Zero)
            {
                continue;
            }
            try
            {
                await Task.WhenAny(woken, Task.Delay(wait, stopping.Token));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void FireDue()
    {
        while (TryPeekLive(out var next) && next.Due <= Now)
        {
            timers.Dequeue();
            try
            {
                next.Callback();
            }
            catch (Exception ex)
            {
                onTimerError(ex);
            }
        }
    }

    private bool TryPeekLive(out TimerHandle next)
    {
        while (timers.TryPeek(out next!, out _))
        {
            if (!next.Canceled)
            {
                return true;
            }
            timers.Dequeue();
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        wake.TrySetResult();
        await loop;
        stopping.Dispose();
    }
}
