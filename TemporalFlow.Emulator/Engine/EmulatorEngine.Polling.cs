using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    private readonly TaskQueues<WorkflowQueueItem> workflowQueues;
    private readonly TaskQueues<ActivityQueueItem> activityQueues;

    public async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(PollWorkflowTaskQueueRequest request, CancellationToken cancellationToken)
    {
        Namespaces.EnsureExists(request.Namespace);
        var queue = Rpc.RpcErrors.Required(request.TaskQueue?.Name, "TaskQueue");
        PollWorkflowTaskQueueResponse? response = null;
        await PollAsync(workflowQueues, request.Namespace, queue, request.Identity, item => (response = TryStartWorkflowQueueItem(item, request)) is not null, cancellationToken);
        return response ?? new PollWorkflowTaskQueueResponse();
    }

    public async Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(PollActivityTaskQueueRequest request, CancellationToken cancellationToken)
    {
        Namespaces.EnsureExists(request.Namespace);
        var queue = Rpc.RpcErrors.Required(request.TaskQueue?.Name, "TaskQueue");
        PollActivityTaskQueueResponse? response = null;
        await PollAsync(activityQueues, request.Namespace, queue, request.Identity, item => (response = TryStartActivity(item, request)) is not null, cancellationToken);
        return response ?? new PollActivityTaskQueueResponse();
    }

    /// <summary>Nexus is not supported: the poll simply waits out its long-poll window empty, as an idle queue would.</summary>
    public async Task<PollNexusTaskQueueResponse> PollNexusTaskAsync(PollNexusTaskQueueRequest request, CancellationToken cancellationToken)
    {
        Namespaces.EnsureExists(request.Namespace);
        await Task.Delay(options.LongPollTimeout, cancellationToken);
        return new PollNexusTaskQueueResponse();
    }

    /// <summary>Waits for a task on a queue: returns the first one <paramref name="tryStart"/> accepts, or null when the long poll ends.</summary>
    private async Task<TTask?> PollAsync<TTask>(TaskQueues<TTask> queues, string @namespace, string queue, string identity,
        Func<TTask, bool> tryStart, CancellationToken cancellationToken)
        where TTask : class
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(options.LongPollTimeout);
        while (true)
        {
            Task arrived;
            lock (sync)
            {
                if (queues.TryTake(@namespace, queue, tryStart) is { } task)
                {
                    return task;
                }
                arrived = queues.WaitForTaskAsync(@namespace, queue, identity, poll.Token);
            }
            try
            {
                await arrived;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// A task queue as the server describes it (the legacy mode every SDK and KEDA's <c>temporal</c> scaler use): the pollers of
    /// the last five minutes and, with <c>ReportStats</c>, the backlog (tasks waiting for a poller, each once), its age, and the
    /// add and dispatch rates. Nexus queues never hold a task here.
    /// </summary>
    public DescribeTaskQueueResponse DescribeTaskQueue(DescribeTaskQueueRequest request)
    {
        Namespaces.EnsureExists(request.Namespace);
        var queue = Rpc.RpcErrors.Required(request.TaskQueue?.Name, "TaskQueue");
#pragma warning disable CS0612 // The enhanced mode is deprecated by the API too.
        if (request.ApiMode == DescribeTaskQueueMode.Enhanced)
#pragma warning restore CS0612
        {
            throw Rpc.RpcErrors.Unimplemented("DescribeTaskQueue's enhanced mode (versioning by build id)");
        }
        TaskQueueSnapshot snapshot;
        lock (sync)
        {
            snapshot = request.TaskQueueType switch
            {
                TaskQueueType.Activity => activityQueues.Describe(request.Namespace, queue, item => IsStillPending(item, out _)),
                TaskQueueType.Nexus => new TaskQueueSnapshot([], 0, TimeSpan.Zero, 0, 0),
                _ => workflowQueues.Describe(request.Namespace, queue, item => item is WorkflowTaskItem && IsStillPending(item)),
            };
        }
        var response = new DescribeTaskQueueResponse();
        response.Pollers.AddRange(snapshot.Pollers.Select(p => new PollerInfo { Identity = p.Key, LastAccessTime = Timestamp.FromDateTime(p.Value) }));
        if (request.ReportStats)
        {
            response.Stats = new TaskQueueStats
            {
                ApproximateBacklogCount = snapshot.Backlog,
                ApproximateBacklogAge = Duration.FromTimeSpan(snapshot.BacklogAge),
                TasksAddRate = snapshot.AddRate,
                TasksDispatchRate = snapshot.DispatchRate,
            };
        }
        return response;
    }
}
