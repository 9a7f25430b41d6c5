using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

/// <summary>What a workflow-task poller can receive: a workflow task, or a (legacy) query task.</summary>
internal abstract record WorkflowQueueItem(WorkflowExecution Execution);

internal sealed record WorkflowTaskItem(WorkflowExecution Execution, long ScheduledEventId) : WorkflowQueueItem(Execution);

internal sealed record QueryTaskItem(WorkflowExecution Execution, PendingQuery Query) : WorkflowQueueItem(Execution);

internal sealed record ActivityQueueItem(WorkflowExecution Execution, long ScheduledEventId, int Attempt);

internal sealed class PendingQuery(string id, WorkflowQuery query)
{
    public string Id { get; } = id;
    public WorkflowQuery Query { get; } = query;
    public bool Dispatched { get; set; }
    public TaskCompletionSource<RespondQueryTaskCompletedRequest> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
