using TemporalFlow.Emulator;
using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Emulator;

/// <summary>
/// The emulator enforces a self-hosted server's limits (https://docs.temporal.io/self-hosted-guide/defaults) and answers as
/// the server does: the blob limit's "Blob data size exceeds limit." on requests, an activity result over it recorded as the
/// activity's failure, a command over it failing the task and terminating the run, history size in bytes, continue-as-new
/// suggested and termination past the history limits, pending-work and id-length limits. Limits are lowered, where a test
/// would otherwise move megabytes, with the flag that changes them on a real dev server: --dynamic-config-value KEY=VALUE.
/// </summary>
public sealed class LimitsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public Task PayloadsOverTwoMegabytesAreRefusedAsTheServerRefusesThem() => WithEmulatorAsync([], async client =>
    {
        var large = new string('x', (2 * 1024 * 1024) + 1024);
        static WorkflowOptions Options(string kind) => new($"{kind}-{Guid.NewGuid():N}", "no-worker");

        var start = await Assert.ThrowsAsync<RpcException>(() => client.StartWorkflowAsync("AnyWorkflow", [large], Options("large")));
        var started = await client.StartWorkflowAsync("AnyWorkflow", ["small"], Options("small"));
        var signal = await Assert.ThrowsAsync<RpcException>(() => started.SignalAsync("grow", [large]));
        var signalWithStart = Options("sws");
        signalWithStart.SignalWithStart("grow", [large]);
        var withStart = await Assert.ThrowsAsync<RpcException>(() => client.StartWorkflowAsync("AnyWorkflow", ["small"], signalWithStart));

        Assert.All([start, signal, withStart], e => Assert.Equal((RpcException.StatusCode.InvalidArgument, "Blob data size exceeds limit."), (e.Code, e.Message)));
    });

    [Fact]
    public Task AMessageOverFourMegabytesIsRefusedByGrpc() => WithEmulatorAsync([], async client =>
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.StartWorkflowAsync("AnyWorkflow", [new string('x', 5 * 1024 * 1024)], new($"huge-{Guid.NewGuid():N}", "no-worker")));

        Assert.Equal(RpcException.StatusCode.ResourceExhausted, error.Code);
    });

    [Fact]
    public Task AnActivityResultOverTheLimitFailsTheActivityOnceAndForAll() => WithWorkerAsync(["limit.blobSize.error=65536"], async (client, queue) =>
    {
        var handle = await client.StartWorkflowAsync((PayloadWorkflow w) => w.RunAsync(10, 100_000), new($"result-{Guid.NewGuid():N}", queue));

        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        Assert.Equal("Complete result exceeds size limit.", Assert.IsType<ActivityFailureException>(failed.InnerException).InnerException?.Message);
        var history = await handle.FetchHistoryAsync();
        var failure = history.Events.Single(e => e.EventType == EventType.ActivityTaskFailed).ActivityTaskFailedEventAttributes.Failure;
        Assert.True(failure.ServerFailureInfo.NonRetryable); // so the retry policy's three attempts are not tried
        Assert.Equal(1, history.Events.Single(e => e.EventType == EventType.ActivityTaskStarted).ActivityTaskStartedEventAttributes.Attempt);
    });

    [Fact]
    public Task ACommandWithAPayloadOverTheLimitFailsTheTaskAndTerminatesTheRun() => WithWorkerAsync(["limit.blobSize.error=65536"], async (client, queue) =>
    {
        var handle = await client.StartWorkflowAsync((PayloadWorkflow w) => w.RunAsync(100_000, 10), new($"command-{Guid.NewGuid():N}", queue));

        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        Assert.IsType<TerminatedFailureException>(failed.InnerException);
        var history = await handle.FetchHistoryAsync();
        var taskFailed = history.Events.Single(e => e.EventType == EventType.WorkflowTaskFailed).WorkflowTaskFailedEventAttributes;
        Assert.Equal(WorkflowTaskFailedCause.BadScheduleActivityAttributes, taskFailed.Cause);
        Assert.Equal("WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES: ScheduleActivityTaskCommandAttributes.Input exceeds size limit.",
            history.Events.Last().WorkflowExecutionTerminatedEventAttributes.Reason);
        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.ActivityTaskScheduled);
    });

    [Fact]
    public Task HistorySizeIsCountedInBytesAndContinueAsNewIsSuggestedPastItsLimit() =>
        WithWorkerAsync(["limit.historySize.suggestContinueAsNew=300000"], async (client, queue) =>
        {
            var handle = await client.StartWorkflowAsync((HistoryGrowthWorkflow w) => w.RunAsync(), new($"growth-{Guid.NewGuid():N}", queue));
            var before = await handle.QueryAsync(w => w.Report());

            for (var i = 0; i < 3; i++)
            {
                await handle.SignalAsync(w => w.GrowAsync(new string('g', 100_000)));
            }
            var after = await Poll.UntilAsync(() => handle.QueryAsync(w => w.Report()), r => r.Events > before.Events + 3);

            Assert.False(before.ContinueAsNewSuggested);
            Assert.InRange(before.Bytes, 1, 10_000);
            Assert.InRange(after.Bytes, 300_000, 320_000); // the three signals' 100,000 characters each, and the events around them
            Assert.True(after.ContinueAsNewSuggested);
            await handle.TerminateAsync("test finished");
        });

    [Fact]
    public Task ARunPastTheHistoryCountLimitIsTerminatedWithTheServersReason() =>
        WithWorkerAsync(["limit.historyCount.error=30"], async (client, queue) =>
        {
            var handle = await client.StartWorkflowAsync((HistoryGrowthWorkflow w) => w.RunAsync(), new($"count-{Guid.NewGuid():N}", queue));
            var accepted = 0;
            try
            {
                for (; accepted < 40; accepted++)
                {
                    await handle.SignalAsync(w => w.GrowAsync("."));
                }
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                // the run was terminated: it takes no more signals
            }

            var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<TerminatedFailureException>(failed.InnerException);
            var history = await handle.FetchHistoryAsync();
            Assert.Equal("Workflow history count exceeds limit.", history.Events.Last().WorkflowExecutionTerminatedEventAttributes.Reason);
            Assert.InRange(history.Events.Count, 31, 35); // terminated as soon as the history grew past 30 events
            Assert.InRange(accepted, 1, 29); // each signal brings its workflow task: about four events a signal
        });

    [Fact]
    public Task ARunPastTheHistorySizeLimitIsTerminatedAndAnOversizedMemoRefused() =>
        WithWorkerAsync(["limit.historySize.error=250000", "limit.memoSize.error=1000"], async (client, queue) =>
        {
            var memo = await Assert.ThrowsAsync<RpcException>(() => client.StartWorkflowAsync((HistoryGrowthWorkflow w) => w.RunAsync(),
                new($"memo-{Guid.NewGuid():N}", queue) { Memo = new Dictionary<string, object> { ["note"] = new string('m', 2000) } }));
            var handle = await client.StartWorkflowAsync((HistoryGrowthWorkflow w) => w.RunAsync(), new($"size-{Guid.NewGuid():N}", queue));
            for (var i = 0; i < 3; i++)
            {
                await handle.SignalAsync(w => w.GrowAsync(new string('g', 100_000)));
            }

            var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<TerminatedFailureException>(failed.InnerException);
            var history = await handle.FetchHistoryAsync();
            Assert.Equal("Workflow history size exceeds limit.", history.Events.Last().WorkflowExecutionTerminatedEventAttributes.Reason);
            Assert.Equal((RpcException.StatusCode.InvalidArgument, "Memo size exceeds limit."), (memo.Code, memo.Message));
        });

    [Fact]
    public Task PendingActivitiesBeyondTheLimitFailTheWorkflowTask() => WithWorkerAsync(["limit.numPendingActivities.error=3"], async (client, queue) =>
    {
        var handle = await client.StartWorkflowAsync((FanOutWorkflow w) => w.RunAsync(4), new($"fan-{Guid.NewGuid():N}", queue));

        var failure = await Poll.FirstTaskFailureAsync(handle);
        Assert.Equal(WorkflowTaskFailedCause.PendingActivitiesLimitExceeded, failure.Cause);
        Assert.Equal("the number of pending activities, 3, has reached the per-workflow limit of 3", failure.Failure.Message);
        Assert.DoesNotContain((await handle.FetchHistoryAsync()).Events, e => e.EventType == EventType.ActivityTaskScheduled);
        await handle.TerminateAsync("test finished");
    });

    [Fact]
    public Task PendingChildrenBeyondTheLimitFailTheWorkflowTask() => WithWorkerAsync(["limit.numPendingChildExecutions.error=2"], async (client, queue) =>
    {
        var handle = await client.StartWorkflowAsync((ChildFanOutWorkflow w) => w.RunAsync(3), new($"children-{Guid.NewGuid():N}", queue));

        var failure = await Poll.FirstTaskFailureAsync(handle);
        Assert.Equal(WorkflowTaskFailedCause.PendingChildWorkflowsLimitExceeded, failure.Cause);
        Assert.Equal("the number of pending child workflow executions, 2, has reached the per-workflow limit of 2",
            failure.Failure.Message);
        await handle.TerminateAsync("test finished");
    });

    [Fact]
    public Task PendingSignalsToOtherWorkflowsBeyondTheLimitFailTheWorkflowTask() => WithWorkerAsync(["limit.numPendingSignals.error=2"], async (client, queue) =>
    {
        var target = await client.StartWorkflowAsync((HistoryGrowthWorkflow w) => w.RunAsync(), new($"target-{Guid.NewGuid():N}", queue));
        var handle = await client.StartWorkflowAsync((SignalFanOutWorkflow w) => w.RunAsync(target.Id, 3), new($"signals-{Guid.NewGuid():N}", queue));

        var failure = await Poll.FirstTaskFailureAsync(handle);
        Assert.Equal(WorkflowTaskFailedCause.PendingSignalsLimitExceeded, failure.Cause);
        Assert.Equal("the number of pending signals to external workflows, 2, has reached the per-workflow limit of 2",
            failure.Failure.Message);
        await handle.TerminateAsync("test finished");
        await target.TerminateAsync("test finished");
    });

    [Fact]
    public Task PendingCancelRequestsToOtherWorkflowsBeyondTheLimitFailTheWorkflowTask() =>
        WithWorkerAsync(["limit.numPendingCancelRequests.error=2"], async (client, queue) =>
    {
        var target = await client.StartWorkflowAsync((HistoryGrowthWorkflow w) => w.RunAsync(), new($"target-{Guid.NewGuid():N}", queue));
        var handle = await client.StartWorkflowAsync((CancelFanOutWorkflow w) => w.RunAsync(target.Id, 3), new($"cancels-{Guid.NewGuid():N}", queue));

        var failure = await Poll.FirstTaskFailureAsync(handle);
        Assert.Equal(WorkflowTaskFailedCause.PendingRequestCancelLimitExceeded, failure.Cause);
        Assert.Equal("the number of pending requests to cancel external workflows, 2, has reached the per-workflow limit of 2",
            failure.Failure.Message);
        await handle.TerminateAsync("test finished");
        await target.TerminateAsync("test finished");
    });

    [Fact]
    public Task ASignalFromAnotherWorkflowToARunAtItsSignalLimitFailsTheSendersSignal() =>
        WithWorkerAsync(["history.maximumSignalsPerExecution=2"], async (client, queue) =>
        {
            var target = await client.StartWorkflowAsync((HistoryGrowthWorkflow w) => w.RunAsync(), new($"target-{Guid.NewGuid():N}", queue));
            var sender = await client.StartWorkflowAsync((SignalFanOutWorkflow w) => w.RunAsync(target.Id, 3), new($"sender-{Guid.NewGuid():N}", queue));

            await Assert.ThrowsAsync<WorkflowFailedException>(() => sender.GetResultAsync());
            var failures = (await sender.FetchHistoryAsync()).Events.Where(e => e.EventType == EventType.SignalExternalWorkflowExecutionFailed).ToList();
            Assert.Equal(SignalExternalWorkflowExecutionFailedCause.SignalCountLimitExceeded,
                Assert.Single(failures).SignalExternalWorkflowExecutionFailedEventAttributes.Cause);
            Assert.Equal(2, (await target.FetchHistoryAsync()).Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
            await target.TerminateAsync("test finished");
        });

    [Fact]
    public Task HeartbeatDetailsAndQueryAnswersOverTheLimitFailAsTheServerFailsThem() =>
        WithWorkerAsync(["limit.blobSize.error=65536"], async (client, queue) =>
        {
            var heartbeat = await client.StartWorkflowAsync((LargeHeartbeatWorkflow w) => w.RunAsync(100_000), new($"heartbeat-{Guid.NewGuid():N}", queue));
            var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => heartbeat.GetResultAsync());
            Assert.Equal("Heartbeat details exceed size limit.", Assert.IsType<ActivityFailureException>(failed.InnerException).InnerException?.Message);

            var growth = await client.StartWorkflowAsync((HistoryGrowthWorkflow w) => w.RunAsync(), new($"query-{Guid.NewGuid():N}", queue));
            Assert.Equal(10, (await growth.QueryAsync(w => w.Filler(10))).Length);
            var query = await Assert.ThrowsAsync<WorkflowQueryFailedException>(() => growth.QueryAsync(w => w.Filler(100_000)));
            Assert.Equal("Blob data size exceeds limit.", query.Message);
            await growth.TerminateAsync("test finished");
        });

    [Fact]
    public Task IdsLongerThanTheLimitAndSignalsBeyondTheRunsLimitAreRefused() =>
        WithEmulatorAsync(["history.maximumSignalsPerExecution=3"], async client =>
        {
            var longId = await Assert.ThrowsAsync<RpcException>(() => client.StartWorkflowAsync("AnyWorkflow", [], new(new string('w', 1001), "no-worker")));
            var handle = await client.StartWorkflowAsync("AnyWorkflow", [], new($"signals-{Guid.NewGuid():N}", "no-worker"));
            for (var i = 0; i < 3; i++)
            {
                await handle.SignalAsync("grow", ["."]);
            }
            var fourth = await Assert.ThrowsAsync<RpcException>(() => handle.SignalAsync("grow", ["."]));

            Assert.Equal((RpcException.StatusCode.InvalidArgument, "WorkflowId length exceeds limit."), (longId.Code, longId.Message));
            Assert.Equal((RpcException.StatusCode.InvalidArgument, "exceeded workflow execution limit for signal events"), (fourth.Code, fourth.Message));
        });

    [Fact]
    public Task WorkflowCronSchedulesAndRetryPoliciesAreRefusedNotIgnored() => WithEmulatorAsync([], async client =>
    {
        var cron = await Assert.ThrowsAsync<RpcException>(() =>
            client.StartWorkflowAsync("AnyWorkflow", [], new($"cron-{Guid.NewGuid():N}", "no-worker") { CronSchedule = "* * * * *" }));
        var retry = await Assert.ThrowsAsync<RpcException>(() =>
            client.StartWorkflowAsync("AnyWorkflow", [], new($"retry-{Guid.NewGuid():N}", "no-worker") { RetryPolicy = new() { MaximumAttempts = 3 } }));

        Assert.Contains("does not run cron schedules", cron.Message, StringComparison.Ordinal);
        Assert.Contains("does not retry workflows", retry.Message, StringComparison.Ordinal);
    });

    [Fact]
    public void ALimitTheEmulatorDoesNotKnowIsRefusedNotIgnored()
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--dynamic-config-value", "limit.somethingElse=5"]));

        Assert.Contains("limit.blobSize.error", error.Message, StringComparison.Ordinal);
        Assert.Equal(1234, EmulatorOptions.Parse(["--dynamic-config-value", "limit.blobSize.error=1234"]).Limits.BlobSizeError);
    }

    /// <summary>An emulator started with these dynamic-config values, and a client of it; the test under a hard timeout.</summary>
    private static async Task WithEmulatorAsync(string[] dynamicConfig, Func<ITemporalClient, Task> test)
    {
        var options = EmulatorOptions.Parse([.. dynamicConfig.SelectMany(v => new[] { "--dynamic-config-value", v })]) with { Port = 0 };
        await using var server = await EmulatorServer.StartAsync(options);
        var client = await TemporalClient.ConnectAsync(new(server.Address));
        await test(client).WaitAsync(Timeout);
    }

    private static Task WithWorkerAsync(string[] dynamicConfig, Func<ITemporalClient, string, Task> test) => WithEmulatorAsync(dynamicConfig, async client =>
    {
        var queue = $"limits-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
            .AddWorkflow<PayloadWorkflow>().AddWorkflow<HistoryGrowthWorkflow>().AddWorkflow<FanOutWorkflow>().AddWorkflow<ChildFanOutWorkflow>()
            .AddWorkflow<LargeHeartbeatWorkflow>().AddWorkflow<SignalFanOutWorkflow>().AddWorkflow<CancelFanOutWorkflow>().AddAllActivities(new LimitActivities()));
        await worker.ExecuteAsync(() => test(client, queue));
    });
}
