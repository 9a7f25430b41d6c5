using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using ParentClosePolicy = Temporalio.Workflows.ParentClosePolicy;

namespace TemporalFlow.Tests.Emulator;

/// <summary>Child workflows with their events and parent-close policies, continue-as-new chains, and external signal and cancel.</summary>
public sealed class ChildAndContinueAsNewTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private ITemporalClient Client => server.Environment.Client;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task ChildrenRunAndReportTheirResultsToTheParent(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<ParentWorkflow>().AddWorkflow<ChildWorkflow>(),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((ParentWorkflow w) => w.RunAsync(3), s.Options()));
            Assert.Equal(60, await handle.GetResultAsync());
            var history = await handle.FetchHistoryAsync();
            Assert.Equal(3, history.Events.Count(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated));
            Assert.Equal(3, history.Events.Count(e => e.EventType == EventType.ChildWorkflowExecutionStarted));
            Assert.Equal(3, history.Events.Count(e => e.EventType == EventType.ChildWorkflowExecutionCompleted));
            for (var i = 1; i <= 3; i++)
            {
                var child = s.Track(s.Client.GetWorkflowHandle($"{handle.Id}-child-{i}"));
                Assert.Equal(handle.Id, (await child.DescribeAsync()).ParentId);
            }
        });

    [Theory]
    [InlineData(ParentClosePolicy.Terminate, WorkflowExecutionStatus.Terminated)]
    [InlineData(ParentClosePolicy.RequestCancel, WorkflowExecutionStatus.Canceled)]
    [InlineData(ParentClosePolicy.Abandon, WorkflowExecutionStatus.Running)]
    public Task ParentClosePolicyDecidesTheChildsFate(ParentClosePolicy policy, WorkflowExecutionStatus expected) => WorkerScenario.RunAsync(
        Client, cacheOff: false,
        o => o.AddWorkflow<AbandoningParentWorkflow>().AddWorkflow<WaitingChildWorkflow>(),
        async s =>
        {
            var childId = $"child-{Guid.NewGuid():N}";
            var parent = s.Track(await s.Client.StartWorkflowAsync((AbandoningParentWorkflow w) => w.RunAsync(childId, policy), s.Options()));
            Assert.Equal("parent done", await parent.GetResultAsync());
            var child = s.Track(s.Client.GetWorkflowHandle(childId));
            var status = await PollAsync(async () => (await child.DescribeAsync()).Status, st => st == expected || expected == WorkflowExecutionStatus.Running);
            Assert.Equal(expected, status);
            if (expected == WorkflowExecutionStatus.Running)
            {
                await child.TerminateAsync("test cleanup");
            }
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task ContinueAsNewChainsRunsAndTheResultFollowsTheChain(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<CountingWorkflow>(),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((CountingWorkflow w) => w.RunAsync(0, 5), s.Options()));
            Assert.Equal(5, await handle.GetResultAsync());
            var firstRun = await s.Client.GetWorkflowHandle(handle.Id, handle.FirstExecutionRunId).FetchHistoryAsync();
            Assert.Equal(EventType.WorkflowExecutionContinuedAsNew, firstRun.Events.Last().EventType);
            var latest = s.Track(s.Client.GetWorkflowHandle(handle.Id));
            Assert.Equal(handle.FirstExecutionRunId, (await latest.FetchHistoryAsync()).Events.First().WorkflowExecutionStartedEventAttributes.FirstExecutionRunId);
            Assert.Equal(6, (int)(await s.Client.CountWorkflowsAsync($"WorkflowId = '{handle.Id}'")).Count);
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task WorkflowsSignalAndCancelOtherWorkflows(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<MessengerWorkflow>().AddWorkflow<SignalCollectorWorkflow>().AddWorkflow<CancellableWorkflow>()
            .AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var collector = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), s.Options()));
            var cancellable = s.Track(await s.Client.StartWorkflowAsync((CancellableWorkflow w) => w.RunAsync(), s.Options()));
            var messenger = s.Track(await s.Client.StartWorkflowAsync((MessengerWorkflow w) => w.RunAsync(collector.Id, cancellable.Id), s.Options()));
            Assert.Equal("sent", await messenger.GetResultAsync());
            Assert.Equal(["from a workflow"], await collector.QueryAsync(w => w.Received));
            await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowFailedException>(() => cancellable.GetResultAsync());
            Assert.Equal(WorkflowExecutionStatus.Canceled, (await cancellable.DescribeAsync()).Status);
            await collector.SignalAsync(w => w.FinishAsync());
            await collector.GetResultAsync();
        });

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await read();
        for (var i = 0; i < 100 && !done(value); i++)
        {
            await Task.Delay(50);
            value = await read();
        }
        return value;
    }
}
