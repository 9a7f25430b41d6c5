using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace TemporalFlow.Tests.Emulator.Workflows;

/// <summary>Activities whose behaviour the scenarios steer: counters, failures, heartbeats, completion from outside.</summary>
public sealed class ScenarioActivities
{
    private readonly ConcurrentDictionary<string, int> attempts = new();

    public ConcurrentQueue<byte[]> AsyncTokens { get; } = new();

    public int Attempts(string key) => attempts.GetValueOrDefault(key);

    [Activity]
    public string Greet(string name) => $"Hello, {name}!";

    /// <summary>Fails with a retryable error until the given attempt, then succeeds.</summary>
    [Activity]
    public string FailUntil(string key, int succeedOnAttempt)
    {
        var attempt = attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        Assert.Equal(attempt, ActivityExecutionContext.Current.Info.Attempt);
        return attempt < succeedOnAttempt
            ? throw new ApplicationFailureException($"attempt {attempt} fails")
            : $"succeeded on attempt {attempt}";
    }

    [Activity]
    public string FailNonRetryable(string key)
    {
        attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        throw new ApplicationFailureException("bad input, do not retry", errorType: "InvalidInput", nonRetryable: true);
    }

    /// <summary>Heartbeats its progress and resumes from the last heartbeat on a retry; hangs (without heartbeats) on the first attempt.</summary>
    [Activity]
    public async Task<int> CountWithHeartbeatsAsync(int upTo)
    {
        var context = ActivityExecutionContext.Current;
        var start = context.Info.HeartbeatDetails.Count > 0 ? await context.Info.HeartbeatDetailAtAsync<int>(0) : 0;
        for (var i = start; i < upTo; i++)
        {
            context.Heartbeat(i + 1);
            if (context.Info.Attempt == 1 && i == upTo / 2)
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken); // stops heartbeating: the heartbeat timeout fires
            }
        }
        return start;
    }

    /// <summary>Heartbeats until cancelled, then reports the cancellation.</summary>
    [Activity]
    public async Task<string> WaitForCancelAsync()
    {
        var context = ActivityExecutionContext.Current;
        while (true)
        {
            context.Heartbeat();
            await Task.Delay(50, context.CancellationToken);
        }
    }

    [Activity]
    public async Task SleepPastTimeoutAsync(TimeSpan sleep) => await Task.Delay(sleep, ActivityExecutionContext.Current.CancellationToken);

    /// <summary>Completes later, from outside, by task token.</summary>
    [Activity]
    public string CompleteAsynchronously()
    {
        AsyncTokens.Enqueue(ActivityExecutionContext.Current.Info.TaskToken);
        throw new CompleteAsyncException();
    }
}
