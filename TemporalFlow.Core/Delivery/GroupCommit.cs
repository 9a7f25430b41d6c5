namespace TemporalFlow.Core.Delivery;

/// <summary>How much one send may carry: at most <paramref name="MaxItems"/> items and <paramref name="MaxWeight"/> in total
/// (an item heavier than that still goes, alone).</summary>
public sealed record BatchLimits(int MaxItems, long MaxWeight);

/// <summary>
/// Group commit: items are sent in batches per key, one send in flight per key. Items that arrive while a key's send is in
/// flight wait and go together in its next send, so a key's send rate stays bounded however many items come. A caller's
/// task completes when the send that carried its item succeeded, or fails with that send's error. Disposing waits for the
/// sends in flight.
/// </summary>
public sealed class GroupCommit<T> : IAsyncDisposable
{
    private readonly Func<string, IReadOnlyList<T>, Task> send;
    private readonly Func<T, long> weigh;
    private readonly BatchLimits limits;
    private readonly Dictionary<string, Lane> lanes = new(StringComparer.Ordinal);

    /// <param name="send">Sends one batch for a key; throws when it was not accepted.</param>
    /// <param name="weigh">An item's weight against <see cref="BatchLimits.MaxWeight"/>.</param>
    public GroupCommit(Func<string, IReadOnlyList<T>, Task> send, Func<T, long> weigh, BatchLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxItems, 1);
        (this.send, this.weigh, this.limits) = (send, weigh, limits);
    }

    /// <summary>Queues the item for its key's next send and waits until that send succeeded.</summary>
    public Task SubmitAsync(string key, T item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item, weigh(item));
        lock (lanes)
        {
            if (!lanes.TryGetValue(key, out var lane))
            {
                lanes[key] = lane = new Lane();
            }
            lane.Waiting.Enqueue(pending);
            if (!lane.Sending)
            {
                lane.Sending = true;
                // Off the caller's flow: the sender serves every caller of this key, not only the one that woke it.
                using (ExecutionContext.SuppressFlow())
                {
                    lane.Sender = Task.Run(() => SendWaitingAsync(key, lane), CancellationToken.None);
                }
            }
        }
        return pending.Sent.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Task[] senders;
        lock (lanes)
        {
            senders = [.. lanes.Values.Select(lane => lane.Sender)];
        }
        await Task.WhenAll(senders);
    }

    /// <summary>Sends a key's waiting items, a batch at a time, until none wait. Never throws: each batch's error goes to its callers.</summary>
    private async Task SendWaitingAsync(string key, Lane lane)
    {
        while (NextBatch(lane) is { Count: > 0 } batch)
        {
            try
            {
                await send(key, [.. batch.Select(p => p.Item)]);
                batch.ForEach(p => p.Sent.TrySetResult());
            }
            catch (Exception ex)
            {
                batch.ForEach(p => p.Sent.TrySetException(ex));
            }
        }
    }

    private List<Pending> NextBatch(Lane lane)
    {
        lock (lanes)
        {
            var batch = new List<Pending>();
            long weight = 0;
            while (lane.Waiting.TryPeek(out var next) && batch.Count < limits.MaxItems && (batch.Count == 0 || weight + next.Weight <= limits.MaxWeight))
            {
                batch.Add(lane.Waiting.Dequeue());
                weight += next.Weight;
            }
            lane.Sending = batch.Count > 0; // decided under the lock, so an item queued after this starts a new sender
            return batch;
        }
    }

    private sealed record Pending(T Item, long Weight)
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A key's waiting items, whether a sender is draining them, and the latest sender (guarded by the lanes' lock).</summary>
    private sealed class Lane
    {
        public Queue<Pending> Waiting { get; } = new();

        public bool Sending { get; set; }

        public Task Sender { get; set; } = Task.CompletedTask;
    }
}
