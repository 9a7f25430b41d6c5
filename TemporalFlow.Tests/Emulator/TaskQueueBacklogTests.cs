using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Emulator;

/// <summary>
/// <c>DescribeTaskQueue</c> with <c>ReportStats</c> reports a queue's backlog, the tasks waiting for a worker
/// (https://docs.temporal.io/develop/worker-performance/task-queues, "ApproximateBacklogCount"), as KEDA's
/// <c>temporal</c> scaler reads it (https://keda.sh/docs/latest/scalers/temporal/): one call per queue type, kind normal.
/// </summary>
public sealed class TaskQueueBacklogTests
{
    private const int Workflows = 6;

    [Fact]
    public async Task TheBacklogCountsWaitingTasksAndDrainsToZeroOnceAWorkerPolls()
    {
        await using var environment = await TemporalTestServer.StartAsync();
        var client = environment.Client;
        var queue = $"backlog-{Guid.NewGuid():N}";

        // No worker: every workflow's first task waits; no activity has been scheduled yet.
        var handles = new List<WorkflowHandle>();
        for (var i = 0; i < Workflows; i++)
        {
            handles.Add(await client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync($"n{i}"), new($"{queue}-{i}", queue)));
        }
        var waiting = await StatsAsync(client, queue, TaskQueueType.Workflow);
        Assert.Equal(Workflows, waiting.ApproximateBacklogCount);
        Assert.True(waiting.ApproximateBacklogAge.ToTimeSpan() > TimeSpan.Zero);
        Assert.True(waiting.TasksAddRate > 0);
        Assert.Equal(0, (await StatsAsync(client, queue, TaskQueueType.Activity)).ApproximateBacklogCount);
        Assert.Equal(0, (await StatsAsync(client, queue, TaskQueueType.Nexus)).ApproximateBacklogCount);

        // A worker of the workflows only: the workflow tasks drain, and each run's activity waits instead.
        using (var workflowsOnly = new TemporalWorker(client, new TemporalWorkerOptions(queue) { Identity = "workflows-only" }.AddWorkflow<GreetingWorkflow>()))
        {
            await workflowsOnly.ExecuteAsync(async () =>
            {
                await Poll.UntilAsync(() => StatsAsync(client, queue, TaskQueueType.Activity), s => s.ApproximateBacklogCount == Workflows);
                Assert.Equal(0, (await StatsAsync(client, queue, TaskQueueType.Workflow)).ApproximateBacklogCount);
                var pollers = (await DescribeAsync(client, queue, TaskQueueType.Workflow)).Pollers;
                Assert.Contains(pollers, p => p.Identity == "workflows-only");
            }).WaitAsync(WorkerScenario.HardTimeout);
        }

        // A full worker: every activity runs, every workflow completes, and both backlogs read zero.
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<GreetingWorkflow>().AddAllActivities(new ScenarioActivities()));
        await worker.ExecuteAsync(async () =>
        {
            foreach (var handle in handles)
            {
                await handle.GetResultAsync<string>();
            }
            Assert.Equal(0, (await StatsAsync(client, queue, TaskQueueType.Activity)).ApproximateBacklogCount);
            Assert.Equal(0, (await StatsAsync(client, queue, TaskQueueType.Workflow)).ApproximateBacklogCount);
            Assert.True((await StatsAsync(client, queue, TaskQueueType.Activity)).TasksDispatchRate > 0);
        }).WaitAsync(WorkerScenario.HardTimeout);
    }

    /// <summary>The enhanced mode (build-id versioning) is deprecated and not emulated: refused by name, never answered empty.</summary>
    [Fact]
    public async Task TheEnhancedModeIsRefusedClearly()
    {
        await using var environment = await TemporalTestServer.StartAsync();
        var request = new DescribeTaskQueueRequest
        {
            Namespace = environment.Client.Options.Namespace,
            TaskQueue = new TaskQueue { Name = "any" },
#pragma warning disable CS0612 // deprecated by the API
            ApiMode = DescribeTaskQueueMode.Enhanced,
#pragma warning restore CS0612
        };
        var refused = await Assert.ThrowsAsync<RpcException>(() => environment.Client.WorkflowService.DescribeTaskQueueAsync(request))
            .WaitAsync(WorkerScenario.HardTimeout);
        Assert.Equal(RpcException.StatusCode.Unimplemented, refused.Code);
        Assert.Contains("enhanced mode", refused.Message, StringComparison.Ordinal);
    }

    private static Task<DescribeTaskQueueResponse> DescribeAsync(ITemporalClient client, string queue, TaskQueueType type) =>
        client.WorkflowService.DescribeTaskQueueAsync(new()
        {
            Namespace = client.Options.Namespace,
            TaskQueue = new TaskQueue { Name = queue, Kind = TaskQueueKind.Normal },
            TaskQueueType = type,
            ReportStats = true,
        });

    private static async Task<TaskQueueStats> StatsAsync(ITemporalClient client, string queue, TaskQueueType type) =>
        (await DescribeAsync(client, queue, type)).Stats;
}
