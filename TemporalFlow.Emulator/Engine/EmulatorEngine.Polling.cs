using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    private readonly TaskQueues<WorkflowQueueItem> workflowQueues = new();
    private readonly TaskQueues<ActivityQueueItem> activityQueues = new();

    public async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(PollWorkflowTaskQueueRequest request, CancellationToken cancellationToken)
    {
        Namespaces.EnsureExists(request.Namespace);
        var queue = Rpc.RpcErrors.Required(request.TaskQueue?.Name, "TaskQueue");
        PollWorkflowTaskQueueResponse? response = null;
        await PollAsync(workflowQueues, request.Namespace, queue, item => (response = TryStartWorkflowQueueItem(item, request)) is not null, cancellationToken);
        return response ?? new PollWorkflowTaskQueueResponse();
    }

    public async Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(PollActivityTaskQueueRequest request, CancellationToken cancellationToken)
    {
        Namespaces.EnsureExists(request.Namespace);
        var queue = Rpc.RpcErrors.Required(request.TaskQueue?.Name, "TaskQueue");
        PollActivityTaskQueueResponse? response = null;
        await PollAsync(activityQueues, request.Namespace, queue, item => (response = TryStartActivity(item, request)) is not null, cancellationToken);
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
    private async Task<TTask?> PollAsync<TTask>(TaskQueues<TTask> queues, string @namespace, string queue,
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
                arrived = queues.WaitForTaskAsync(@namespace, queue, poll.Token);
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
}
