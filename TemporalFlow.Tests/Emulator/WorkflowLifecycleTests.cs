using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace TemporalFlow.Tests.Emulator;

/// <summary>Start, signal, query, signal-with-start, id policies, cancel and terminate, through the real client and worker.</summary>
public sealed class WorkflowLifecycleTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private ITemporalClient Client => server.Environment.Client;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task WorkflowWithAnActivityCompletes(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<GreetingWorkflow>().AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("Temporal"), s.Options()));
            Assert.Equal("Hello, Temporal!", await handle.GetResultAsync());
            var description = await handle.DescribeAsync();
            Assert.Equal(WorkflowExecutionStatus.Completed, description.Status);
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task SignalsAreDeliveredInOrderAndVisibleToQueries(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<SignalCollectorWorkflow>(),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), s.Options()));
            // A query before the first workflow task completes waits for it.
            Assert.Empty(await handle.QueryAsync(w => w.Received));
            for (var i = 0; i < 20; i++)
            {
                await handle.SignalAsync(w => w.AddAsync($"item-{i}"));
            }
            Assert.Equal(20, (await handle.QueryAsync(w => w.Received)).Count);
            await handle.SignalAsync(w => w.FinishAsync());
            var result = await handle.GetResultAsync();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"item-{i}"), result);
            // Closed workflows still answer queries.
            Assert.Equal(20, (await handle.QueryAsync(w => w.Received)).Count);
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task SignalWithStartStartsOnceThenSignals(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<SignalCollectorWorkflow>(),
        async s =>
        {
            var id = $"sws-{Guid.NewGuid():N}";
            WorkflowHandle<SignalCollectorWorkflow, List<string>>? first = null;
            foreach (var item in (List<string>)["a", "b", "c"])
            {
                var options = s.Options(id);
                options.SignalWithStart((SignalCollectorWorkflow w) => w.AddAsync(item));
                var handle = await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), options);
                first ??= s.Track(handle);
                Assert.Equal(first.ResultRunId, handle.ResultRunId);
            }
            await first!.SignalAsync(w => w.FinishAsync());
            Assert.Equal(["a", "b", "c"], await first.GetResultAsync());
        });

    [Fact]
    public Task StartingARunningWorkflowIdFailsWithTheTypedException() => WorkerScenario.RunAsync(Client, cacheOff: false,
        o => o.AddWorkflow<SignalCollectorWorkflow>(),
        async s =>
        {
            var options = s.Options();
            var handle = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), options));
            var conflict = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(
                () => s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), options));
            Assert.Equal(handle.Id, conflict.WorkflowId);
            Assert.Equal(handle.ResultRunId, conflict.RunId);

            // UseExisting returns the running workflow instead of failing.
            var existing = await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(),
                new(options.Id!, options.TaskQueue!) { IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting });
            Assert.Equal(handle.ResultRunId, existing.ResultRunId);

            await handle.SignalAsync(w => w.FinishAsync());
            await handle.GetResultAsync();

            // After it closed: RejectDuplicate refuses the id, AllowDuplicate starts a new run.
            await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(),
                new(options.Id!, options.TaskQueue!) { IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate }));
            var second = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), options));
            Assert.NotEqual(handle.ResultRunId, second.ResultRunId);
            await second.TerminateAsync("done");
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task CancellationRunsTheWorkflowsCleanupAndEndsCanceled(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<CancellableWorkflow>().AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((CancellableWorkflow w) => w.RunAsync(), s.Options()));
            Assert.True(await handle.QueryAsync(w => w.Running)); // answered once the first workflow task has completed
            await handle.CancelAsync();
            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<CanceledFailureException>(failure.InnerException);
            var history = await handle.FetchHistoryAsync();
            Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCompleted);
            Assert.Equal(EventType.WorkflowExecutionCanceled, history.Events.Last().EventType);
        });

    [Fact]
    public Task TerminationEndsTheRunAtOnce() => WorkerScenario.RunAsync(Client, cacheOff: false,
        o => o.AddWorkflow<SignalCollectorWorkflow>(),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), s.Options()));
            await handle.TerminateAsync("operator says stop");
            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<TerminatedFailureException>(failure.InnerException);
            Assert.Equal(WorkflowExecutionStatus.Terminated, (await handle.DescribeAsync()).Status);
            await Assert.ThrowsAsync<RpcException>(() => handle.SignalAsync(w => w.FinishAsync()));
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task FailedWorkflowTasksAreRetriedWhileTheRunStaysOpen(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<BrokenWorkflow>(),
        async s =>
        {
            var options = s.Options();
            options.TaskTimeout = TimeSpan.FromSeconds(1);
            var handle = s.Track(await s.Client.StartWorkflowAsync((BrokenWorkflow w) => w.RunAsync(), options));
            // The SDK reports the first failure; later attempts it leaves to the workflow task timeout, which the server retries too.
            var history = await handle.FetchHistoryAsync();
            for (var i = 0; i < 100 && !history.Events.Any(e => e.WorkflowTaskScheduledEventAttributes?.Attempt >= 3); i++)
            {
                await Task.Delay(100);
                history = await handle.FetchHistoryAsync();
            }
            var failed = history.Events.First(e => e.EventType == EventType.WorkflowTaskFailed).WorkflowTaskFailedEventAttributes;
            Assert.Contains("a bug in workflow code", failed.Failure.Message, StringComparison.Ordinal);
            Assert.Contains(history.Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
            Assert.Contains(history.Events, e => e.WorkflowTaskScheduledEventAttributes?.Attempt >= 3);
            Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).Status);
            await handle.TerminateAsync("test finished");
        });
}
