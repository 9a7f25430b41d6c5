using TemporalFlow.Core.Delivery;

namespace TemporalFlow.Core.Tests;

/// <summary>Group commit: one send in flight per key, what arrives meanwhile goes together next, each caller told its send's outcome.</summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ALoneItemIsSentAloneAndItsCallerReturnsAfterTheSend()
    {
        var sends = new Sends();
        await using var commit = sends.Commit(new BatchLimits(100, 1000));

        await commit.SubmitAsync("shard-0", 1, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal([[1]], sends.Batches("shard-0"));
    }

    [Fact]
    public async Task ItemsArrivingWhileASendIsInFlightGoTogetherInTheNext()
    {
        var sends = new Sends { Hold = true };
        await using var commit = sends.Commit(new BatchLimits(100, 1000));
        var first = commit.SubmitAsync("shard-0", 0, CancellationToken.None);
        await sends.Started.Task.WaitAsync(Timeout);

        var later = Enumerable.Range(1, 5).Select(i => commit.SubmitAsync("shard-0", i, CancellationToken.None)).ToList();
        Assert.All(later, t => Assert.False(t.IsCompleted)); // they wait for the send in flight
        sends.Release();
        await Task.WhenAll(later.Append(first)).WaitAsync(Timeout);

        Assert.Equal([[0], [1, 2, 3, 4, 5]], sends.Batches("shard-0"));
    }

    [Fact]
    public async Task ABatchStopsAtItsItemAndWeightLimitsButAnOverweightItemStillGoesAlone()
    {
        var sends = new Sends { Hold = true };
        await using var commit = sends.Commit(new BatchLimits(MaxItems: 3, MaxWeight: 10));
        var blocker = commit.SubmitAsync("k", 0, CancellationToken.None);
        await sends.Started.Task.WaitAsync(Timeout);

        int[] items = [1, 2, 3, 4, 50, 5];
        var waiting = items.Select(i => commit.SubmitAsync("k", i, CancellationToken.None)).ToList();
        sends.Release();
        await Task.WhenAll(waiting.Append(blocker)).WaitAsync(Timeout);

        // weights are the values: 1+2+3 (three items), 4 (50 would exceed 10), 50 (alone), 5
        Assert.Equal([[0], [1, 2, 3], [4], [50], [5]], sends.Batches("k"));
    }

    [Fact]
    public async Task AFailedSendFailsEveryCallerInItAndTheNextBatchIsStillSent()
    {
        var sends = new Sends { Hold = true, FailBatchContaining = 2 };
        await using var commit = sends.Commit(new BatchLimits(2, 1000));
        var first = commit.SubmitAsync("k", 0, CancellationToken.None);
        await sends.Started.Task.WaitAsync(Timeout);
        var failing = new[] { commit.SubmitAsync("k", 1, CancellationToken.None), commit.SubmitAsync("k", 2, CancellationToken.None) };
        var after = commit.SubmitAsync("k", 3, CancellationToken.None);

        sends.Release();

        await first.WaitAsync(Timeout);
        foreach (var caller in failing)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => caller.WaitAsync(Timeout));
            Assert.Equal("send refused", error.Message);
        }
        await after.WaitAsync(Timeout);
        Assert.Equal([[0], [1, 2], [3]], sends.Batches("k"));
    }

    [Fact]
    public async Task KeysAreIndependentASlowKeyHoldsNoOther()
    {
        var sends = new Sends { Hold = true };
        await using var commit = sends.Commit(new BatchLimits(100, 1000));
        var slow = commit.SubmitAsync("slow", 1, CancellationToken.None);
        await sends.Started.Task.WaitAsync(Timeout);
        sends.Hold = false;

        await commit.SubmitAsync("fast", 2, CancellationToken.None).WaitAsync(Timeout);

        Assert.False(slow.IsCompleted);
        sends.Release();
        await slow.WaitAsync(Timeout);
    }

    [Fact]
    public async Task DisposingWaitsForTheSendsInFlight()
    {
        var sends = new Sends { Hold = true };
        var commit = sends.Commit(new BatchLimits(100, 1000));
        var caller = commit.SubmitAsync("k", 1, CancellationToken.None);
        await sends.Started.Task.WaitAsync(Timeout);

        var disposed = commit.DisposeAsync().AsTask();
        Assert.False(disposed.IsCompleted);
        sends.Release();

        await disposed.WaitAsync(Timeout);
        Assert.True(caller.IsCompletedSuccessfully);
    }

    /// <summary>A recording send: optionally held until released (the first send only), optionally failing one batch.</summary>
    private sealed class Sends
    {
        private readonly List<(string Key, int[] Items)> batches = [];
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Hold { get; set; }

        public int? FailBatchContaining { get; init; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public GroupCommit<int> Commit(BatchLimits limits) => new(SendAsync, item => item, limits);

        public void Release() => release.TrySetResult();

        public int[][] Batches(string key)
        {
            lock (batches)
            {
                return [.. batches.Where(b => b.Key == key).Select(b => b.Items)];
            }
        }

        private async Task SendAsync(string key, IReadOnlyList<int> items)
        {
            lock (batches)
            {
                batches.Add((key, [.. items]));
            }
            if (Hold)
            {
                Started.TrySetResult();
                await release.Task;
            }
            if (FailBatchContaining is { } poison && items.Contains(poison))
            {
                throw new InvalidOperationException("send refused");
            }
        }
    }
}
