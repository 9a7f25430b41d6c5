using Grpc.Core;
using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    private readonly Dictionary<string, PendingQuery> pendingQueries = new(StringComparer.Ordinal);
    private readonly Dictionary<WorkflowExecution, List<QueryTaskItem>> queriesWaitingForTask = [];

    /// <summary>A query is answered by a worker through a (legacy) query task, once the run's first workflow task has completed.</summary>
    public async Task<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken cancellationToken)
    {
        RpcErrors.Required(request.Query?.QueryType, "QueryType");
        CheckBlob(request.Query!.QueryArgs);
        WorkflowExecution run;
        while (true)
        {
            Task changed;
            lock (sync)
            {
                run = RequireRun(request.Namespace, request.Execution);
                if (run.FirstWorkflowTaskCompleted || !run.IsOpen)
                {
                    break;
                }
                changed = run.Changed;
            }
            await changed.WaitAsync(cancellationToken);
        }

        PendingQuery pending;
        lock (sync)
        {
            if (!run.FirstWorkflowTaskCompleted)
            {
                throw RpcErrors.FailedPrecondition("The workflow closed before its first workflow task completed, so it cannot be queried.");
            }
            if (IsRejected(run, request.QueryRejectCondition))
            {
                return new QueryWorkflowResponse { QueryRejected = new QueryRejected { Status = run.Status } };
            }
            pending = new PendingQuery(Guid.NewGuid().ToString(), request.Query!);
            pendingQueries[pending.Id] = pending;
            var item = new QueryTaskItem(run, pending);
            if (run.IsOpen && run.WorkflowTask is not null)
            {
                // A consistent answer sees every event accepted before the query: wait for the pending workflow task.
                if (!queriesWaitingForTask.TryGetValue(run, out var waiting))
                {
                    queriesWaitingForTask[run] = waiting = [];
                }
                waiting.Add(item);
            }
            else
            {
                Dispatch(run, item);
            }
        }

        try
        {
            var answer = await pending.Answer.Task.WaitAsync(cancellationToken);
            if (answer.CompletedType == QueryResultType.Answered)
            {
                return new QueryWorkflowResponse { QueryResult = answer.QueryResult };
            }
            throw RpcErrors.Create(StatusCode.InvalidArgument, answer.ErrorMessage, new QueryFailedFailure { Failure = answer.Failure });
        }
        finally
        {
            lock (sync)
            {
                pendingQueries.Remove(pending.Id);
            }
        }
    }

    public RespondQueryTaskCompletedResponse RespondQueryTaskCompleted(RespondQueryTaskCompletedRequest request)
    {
        var token = TaskToken.Decode(request.TaskToken, TaskKind.Query);
        lock (sync)
        {
            if (!pendingQueries.TryGetValue(token.QueryId, out var pending))
            {
                throw RpcErrors.NotFound("Query task not found: the query was answered or its caller gave up.");
            }
            if (IsOverBlobLimit(request.QueryResult))
            {
                // As the frontend does: the caller gets the query's failure instead of the oversized answer.
                request = new RespondQueryTaskCompletedRequest
                {
                    TaskToken = request.TaskToken,
                    CompletedType = QueryResultType.Failed,
                    ErrorMessage = "Blob data size exceeds limit.",
                };
            }
            pending.Answer.TrySetResult(request);
            return new RespondQueryTaskCompletedResponse();
        }
    }

    private void DispatchWaitingQueries(WorkflowExecution run)
    {
        if ((!run.IsOpen || run.WorkflowTask is null) && queriesWaitingForTask.Remove(run, out var waiting))
        {
            foreach (var item in waiting)
            {
                Dispatch(run, item);
            }
        }
    }

    private static bool IsRejected(WorkflowExecution run, QueryRejectCondition condition) => condition switch
    {
        QueryRejectCondition.NotOpen => !run.IsOpen,
        QueryRejectCondition.NotCompletedCleanly => run.Status is not (WorkflowExecutionStatus.Running or WorkflowExecutionStatus.Completed),
        _ => false,
    };
}
