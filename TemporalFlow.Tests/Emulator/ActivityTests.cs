using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace TemporalFlow.Tests.Emulator;

/// <summary>Retries with backoff, non-retryable errors, timeouts, heartbeats, cancellation and completion from outside.</summary>
public sealed class ActivityTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private ITemporalClient Client => server.Environment.Client;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RetryableFailuresAreRetriedUntilSuccess(bool cacheOff)
    {
        var activities = new ScenarioActivities();
        var key = Guid.NewGuid().ToString();
        await WorkerScenario.RunAsync(Client, cacheOff, o => o.AddWorkflow<RetryingWorkflow>().AddAllActivities(activities), async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((RetryingWorkflow w) => w.RunAsync(key, 3, false), s.Options()));
            Assert.Equal("succeeded on attempt 3", await handle.GetResultAsync());
            var history = await handle.FetchHistoryAsync();
            // Retries live in the server's mutable state: history shows one scheduled, one started (the last attempt), one completed.
            Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskScheduled);
            Assert.Equal(3, history.Events.Single(e => e.EventType == EventType.ActivityTaskStarted).ActivityTaskStartedEventAttributes.Attempt);
        });
        Assert.Equal(3, activities.Attempts(key));
    }

    /// <summary>
    /// A retry waiting out its interval, described as the server describes it (temporalio/temporal,
    /// <c>service/history/workflow/activity.go</c>, <c>GetPendingActivityInfo</c>; the API's field documentation: "next time when
    /// activity will be scheduled", "the time when the last activity attempt was completed"): scheduled for the next attempt,
    /// not started, with the last failure and the interval it waits. The Web UI's pending activities read these fields.
    /// </summary>
    [Fact]
    public Task APendingRetryIsDescribedWithItsNextAttemptLastFailureAndInterval() => WorkerScenario.RunAsync(Client, cacheOff: false,
        o => o.AddWorkflow<StuckActivityWorkflow>().AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((StuckActivityWorkflow w) => w.RunAsync(Guid.NewGuid().ToString()), s.Options()));
            var pending = (await Poll.UntilAsync(
                () => s.Client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = s.Client.Options.Namespace, Execution = new() { WorkflowId = handle.Id } }),
                d => d.PendingActivities.SingleOrDefault() is { Attempt: >= 2, NextAttemptScheduleTime: not null })).PendingActivities.Single();

            Assert.Equal(PendingActivityState.Scheduled, pending.State);
            Assert.Null(pending.LastStartedTime);
            Assert.Equal(pending.NextAttemptScheduleTime, pending.ScheduledTime);
            Assert.Equal(TimeSpan.FromSeconds(1), pending.NextAttemptScheduleTime.ToDateTime() - pending.LastAttemptCompleteTime.ToDateTime());
            Assert.Equal(TimeSpan.FromSeconds(1), pending.CurrentRetryInterval.ToTimeSpan());
            Assert.Equal($"attempt {pending.Attempt - 1} fails", pending.LastFailure.Message);
            Assert.Equal(0, pending.MaximumAttempts); // unlimited
            await handle.TerminateAsync("done");
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the query replays the run from history: the local activity's result comes from its marker
    public Task LocalActivityResultIsAMarkerThatQueriesAndReplaysRead(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<LocalGreetingWorkflow>().AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((LocalGreetingWorkflow w) => w.RunAsync("local"), s.Options()));
            while ((await handle.FetchHistoryAsync()).Events.All(e => e.EventType != EventType.MarkerRecorded))
            {
                await Task.Delay(20);
            }
            Assert.Equal(["Hello, local!"], await handle.QueryAsync(w => w.Greetings()));
            await handle.SignalAsync(w => w.FinishAsync());
            Assert.Equal(["Hello, local!"], await handle.GetResultAsync());
            Assert.DoesNotContain((await handle.FetchHistoryAsync()).Events, e => e.EventType == EventType.ActivityTaskScheduled);
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NonRetryableFailureFailsTheWorkflowAfterOneAttempt(bool cacheOff)
    {
        var activities = new ScenarioActivities();
        var key = Guid.NewGuid().ToString();
        await WorkerScenario.RunAsync(Client, cacheOff, o => o.AddWorkflow<RetryingWorkflow>().AddAllActivities(activities), async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((RetryingWorkflow w) => w.RunAsync(key, 1, true), s.Options()));
            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            var activityFailure = Assert.IsType<ActivityFailureException>(failure.InnerException);
            var cause = Assert.IsType<ApplicationFailureException>(activityFailure.InnerException);
            Assert.Equal("InvalidInput", cause.ErrorType);
            Assert.Equal(RetryState.NonRetryableFailure, activityFailure.RetryState);
        });
        Assert.Equal(1, activities.Attempts(key));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task HeartbeatTimeoutRetriesFromTheLastHeartbeat(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<HeartbeatWorkflow>().AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((HeartbeatWorkflow w) => w.RunAsync(10), s.Options()));
            // The first attempt stops heartbeating after 6 beats (the SDK throttles how many reach the server);
            // the second attempt resumes from the last heartbeat details the server kept, not from zero.
            Assert.InRange(await handle.GetResultAsync(), 1, 6);
        });

    [Theory]
    [InlineData("StartToClose", false)]
    [InlineData("StartToClose", true)]
    [InlineData("ScheduleToClose", false)]
    [InlineData("ScheduleToStart", false)]
    [InlineData("ScheduleToStart", true)]
    public Task TimeoutsSurfaceAsTimeoutFailuresOfTheirKind(string kind, bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<TimeoutWorkflow>().AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((TimeoutWorkflow w) => w.RunAsync(kind), s.Options()));
            Assert.Equal(kind, await handle.GetResultAsync());
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task CancellationReachesAHeartbeatingActivity(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<ActivityCancellationWorkflow>().AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((ActivityCancellationWorkflow w) => w.RunAsync(), s.Options()));
            Assert.Equal("activity canceled", await handle.GetResultAsync());
            var history = await handle.FetchHistoryAsync();
            Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCancelRequested);
            Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCanceled);
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ActivitiesCompleteFromOutsideByTaskTokenAndById(bool cacheOff)
    {
        var activities = new ScenarioActivities();
        await WorkerScenario.RunAsync(Client, cacheOff, o => o.AddWorkflow<AsyncCompletionWorkflow>().AddAllActivities(activities), async s =>
        {
            var byToken = s.Track(await s.Client.StartWorkflowAsync((AsyncCompletionWorkflow w) => w.RunAsync(), s.Options()));
            var token = await WaitForTokenAsync(activities);
            await s.Client.GetAsyncActivityHandle(token).HeartbeatAsync();
            await s.Client.GetAsyncActivityHandle(token).CompleteAsync("completed by token");
            Assert.Equal("completed by token", await byToken.GetResultAsync());

            var byId = s.Track(await s.Client.StartWorkflowAsync((AsyncCompletionWorkflow w) => w.RunAsync(), s.Options()));
            await WaitForTokenAsync(activities);
            var described = await s.Client.WorkflowService.DescribeWorkflowExecutionAsync(new()
            {
                Namespace = s.Client.Options.Namespace,
                Execution = new() { WorkflowId = byId.Id, RunId = byId.ResultRunId! },
            });
            var activityId = described.PendingActivities.Single().ActivityId;
            await s.Client.GetAsyncActivityHandle(byId.Id, byId.ResultRunId!, activityId).CompleteAsync("completed by id");
            Assert.Equal("completed by id", await byId.GetResultAsync());

            // A second completion of the same activity is refused.
            await Assert.ThrowsAsync<RpcException>(() => s.Client.GetAsyncActivityHandle(token).CompleteAsync("again"));
        });
    }

    private static async Task<byte[]> WaitForTokenAsync(ScenarioActivities activities)
    {
        byte[]? token;
        while (!activities.AsyncTokens.TryDequeue(out token))
        {
            await Task.Delay(20);
        }
        await Task.Delay(50); // let the worker finish reporting the activity as completing asynchronously
        return token;
    }
}
