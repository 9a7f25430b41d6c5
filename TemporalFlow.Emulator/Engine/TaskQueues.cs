namespace TemporalFlow.Emulator.Engine;

/// <summary>
/// Matching: tasks waiting for pollers and pollers waiting for tasks, per (namespace, task queue).
/// Not thread-safe on its own: every call is made under the engine's lock.
/// </summary>
internal sealed class TaskQueues<TTask>
    where TTask : class
{
    private readonly Dictionary<(string Namespace, string Queue), Entry> queues = [];

    public void Enqueue(string @namespace, string queue, TTask task)
    {
        var entry = Get(@namespace, queue);
        entry.Tasks.Enqueue(task);
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
        while (entry.Tasks.TryDequeue(out var task))
        {
            if (tryStart(task))
            {
                return task;
            }
        }
        return null;
    }

    /// <summary>A signal completed when a task arrives on the queue.</summary>
    public Task WaitForTaskAsync(string @namespace, string queue, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        Get(@namespace, queue).Waiters.Enqueue(waiter);
        return waiter.Task;
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
        public Queue<TTask> Tasks { get; } = new();
        public Queue<TaskCompletionSource> Waiters { get; } = new();
    }
}
