namespace TemporalFlow.Emulator.Engine;

/// <summary>
/// Matching: tasks waiting for pollers and pollers waiting for tasks, per (namespace, task queue), with what
/// <c>DescribeTaskQueue</c> reports about each: recent pollers, the backlog, and the add and dispatch rates.
/// Not thread-safe on its own: every call is made under the engine's lock.
/// </summary>
internal sealed class TaskQueues<TTask>(Func<DateTime> now)
    where TTask : class
{
    /// <summary>How long a poller is reported after its last poll (the server's <c>matching.pollerHistoryTTL</c>, 5 minutes).</summary>
    private static readonly TimeSpan PollerHistory = TimeSpan.FromMinutes(5);

    private readonly Dictionary<(string Namespace, string Queue), Entry> queues = [];

    public void Enqueue(string @namespace, string queue, TTask task)
    {
        var entry = Get(@namespace, queue);
        var at = now();
        entry.Tasks.Enqueue((task, at));
        entry.Added.Record(at);
        // Wake one waiting poller; it takes the task under the lock (or goes back to waiting if another got there first).
        while (entry.Waiters.Count > 0)
        {
            if (entry.Waiters.Dequeue().TrySetResult())
            {
                break;
            }
        }
    }

    /// <summary>Takes the first task that <paramref name="tryStart"/> accepts; stale tasks are dropped on the way.</summary>
    public TTask? TryTake(string @namespace, string queue, Func<TTask, bool> tryStart)
    {
        var entry = Get(@namespace, queue);
        while (entry.Tasks.TryDequeue(out var queued))
        {
            if (tryStart(queued.Task))
            {
                entry.Dispatched.Record(now());
                return queued.Task;
            }
        }
        return null;
    }

    /// <summary>A signal completed when a task arrives on the queue; the poller is remembered for <see cref="Describe"/>.</summary>
    public Task WaitForTaskAsync(string @namespace, string queue, string identity, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        var entry = Get(@namespace, queue);
        entry.Waiters.Enqueue(waiter);
        entry.Pollers[identity] = now();
        return waiter.Task;
    }

    /// <summary>
    /// The queue as <c>DescribeTaskQueue</c> reports it: the pollers seen lately and, counting only the tasks
    /// <paramref name="isLive"/> accepts (each once), the backlog and the age of its oldest task.
    /// </summary>
    public TaskQueueSnapshot Describe(string @namespace, string queue, Func<TTask, bool> isLive)
    {
        var at = now();
        if (!queues.TryGetValue((@namespace, queue), out var entry))
        {
            return new TaskQueueSnapshot([], 0, TimeSpan.Zero, 0, 0);
        }
        var live = new HashSet<TTask>();
        DateTime? oldest = null;
        foreach (var (task, enqueued) in entry.Tasks)
        {
            if (isLive(task) && live.Add(task))
            {
                oldest ??= enqueued;
            }
        }
        foreach (var gone in entry.Pollers.Where(p => at - p.Value > PollerHistory).Select(p => p.Key).ToList())
        {
            entry.Pollers.Remove(gone);
        }
        return new TaskQueueSnapshot(entry.Pollers.ToList(), live.Count, oldest is { } first ? at - first : TimeSpan.Zero,
            entry.Added.PerSecond(at), entry.Dispatched.PerSecond(at));
    }

    private Entry Get(string @namespace, string queue)
    {
        if (!queues.TryGetValue((@namespace, queue), out var entry))
        {
            queues[(@namespace, queue)] = entry = new Entry();
        }
        return entry;
    }

    private sealed class Entry
    {
        public Queue<(TTask Task, DateTime Enqueued)> Tasks { get; } = new();
        public Queue<TaskCompletionSource> Waiters { get; } = new();
        public Dictionary<string, DateTime> Pollers { get; } = new(StringComparer.Ordinal);
        public RateMeter Added { get; } = new();
        public RateMeter Dispatched { get; } = new();
    }
}

/// <param name="Pollers">Identity and last poll of each poller seen in the last five minutes.</param>
internal sealed record TaskQueueSnapshot(IReadOnlyList<KeyValuePair<string, DateTime>> Pollers, long Backlog, TimeSpan BacklogAge,
    float AddRate, float DispatchRate);

/// <summary>Events per second over the last 30 seconds, in one-second buckets.</summary>
internal sealed class RateMeter
{
    private const int Seconds = 30;
    private readonly long[] counts = new long[Seconds];
    private readonly long[] stamps = new long[Seconds];

    public void Record(DateTime at)
    {
        var second = at.Ticks / TimeSpan.TicksPerSecond;
        var slot = (int)(second % Seconds);
        if (stamps[slot] != second)
        {
            stamps[slot] = second;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    public float PerSecond(DateTime at)
    {
        var second = at.Ticks / TimeSpan.TicksPerSecond;
        long total = 0;
        for (var slot = 0; slot < Seconds; slot++)
        {
            if (second - stamps[slot] < Seconds)
            {
                total += counts[slot];
            }
        }
        return total / (float)Seconds;
    }
}
