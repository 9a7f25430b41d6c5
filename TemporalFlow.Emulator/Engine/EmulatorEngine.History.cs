using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    /// <summary>History pages; with wait-new-event, a long poll for the next event (or, with the close-event filter, for the close).</summary>
    public async Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(options.LongPollTimeout);
        while (true)
        {
            Task changed;
            lock (sync)
            {
                var run = RequireRun(request.Namespace, request.Execution);
                if (ReadHistory(run, request) is { } response)
                {
                    return response;
                }
                changed = run.Changed;
            }
            try
            {
                await changed.WaitAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // As the real server does: no events yet, and a page token to poll again with (an empty answer without one is an error to the SDK).
                return new GetWorkflowExecutionHistoryResponse
                {
                    History = new History(),
                    NextPageToken = request.NextPageToken.IsEmpty ? HistoryPageToken.Encode(0, long.MaxValue) : request.NextPageToken,
                };
            }
        }
    }

    private static GetWorkflowExecutionHistoryResponse? ReadHistory(WorkflowExecution run, GetWorkflowExecutionHistoryRequest request)
    {
        if (request.HistoryEventFilterType == HistoryEventFilterType.CloseEvent)
        {
            return !run.IsOpen
                ? new GetWorkflowExecutionHistoryResponse { History = new History { Events = { run.LastEvent } } }
                : request.WaitNewEvent ? null : new GetWorkflowExecutionHistoryResponse { History = new History() };
        }
        var (offset, lastEventId) = request.NextPageToken.IsEmpty ? (0, long.MaxValue) : HistoryPageToken.Decode(request.NextPageToken);
        var pageSize = request.MaximumPageSize is > 0 and < HistoryPageSize ? request.MaximumPageSize : HistoryPageSize;
        var end = (int)Math.Min(run.History.Count, lastEventId);
        if (offset < end)
        {
            var count = Math.Min(pageSize, end - offset);
            var response = new GetWorkflowExecutionHistoryResponse { History = new History { Events = { run.History.GetRange(offset, count) } } };
            if (offset + count < end)
            {
                response.NextPageToken = HistoryPageToken.Encode(offset + count, lastEventId);
            }
            return response;
        }
        return request.WaitNewEvent && run.IsOpen ? null : new GetWorkflowExecutionHistoryResponse { History = new History() };
    }

    /// <summary>The history newest first, a page at a time (the Web UI's default view): the page token is where the next page ends.</summary>
    public GetWorkflowExecutionHistoryReverseResponse GetWorkflowExecutionHistoryReverse(GetWorkflowExecutionHistoryReverseRequest request)
    {
        lock (sync)
        {
            var run = RequireRun(request.Namespace, request.Execution);
            var end = request.NextPageToken.IsEmpty ? run.History.Count : Math.Min(HistoryPageToken.Decode(request.NextPageToken).Offset, run.History.Count);
            var pageSize = request.MaximumPageSize is > 0 and < HistoryPageSize ? request.MaximumPageSize : HistoryPageSize;
            var start = Math.Max(0, end - pageSize);
            var page = run.History.GetRange(start, end - start);
            page.Reverse();
            var response = new GetWorkflowExecutionHistoryReverseResponse { History = new History { Events = { page } } };
            if (start > 0)
            {
                response.NextPageToken = HistoryPageToken.Encode(start, 0);
            }
            return response;
        }
    }

    public DescribeWorkflowExecutionResponse DescribeWorkflowExecution(DescribeWorkflowExecutionRequest request)
    {
        lock (sync)
        {
            var run = RequireRun(request.Namespace, request.Execution);
            var response = new DescribeWorkflowExecutionResponse
            {
                ExecutionConfig = new WorkflowExecutionConfig
                {
                    TaskQueue = new TaskQueue { Name = run.TaskQueue, Kind = TaskQueueKind.Normal },
                    WorkflowExecutionTimeout = ToDuration(run.ExecutionTimeout),
                    WorkflowRunTimeout = ToDuration(run.RunTimeout),
                    DefaultWorkflowTaskTimeout = Duration.FromTimeSpan(run.WorkflowTaskTimeout),
                },
                WorkflowExecutionInfo = Info(run),
            };
            foreach (var activity in run.Activities.Values.Where(a => !a.Closed))
            {
                // As the server describes a retry: scheduled for the next attempt, not started, with the interval it waits.
                var backoff = activity.InBackoff && Clock.Now < activity.CurrentAttemptScheduledTime;
                response.PendingActivities.Add(new PendingActivityInfo
                {
                    ActivityId = activity.Attributes.ActivityId,
                    ActivityType = activity.Attributes.ActivityType,
                    State = activity.CancelRequested ? PendingActivityState.CancelRequested
                        : activity.Started ? PendingActivityState.Started : PendingActivityState.Scheduled,
                    HeartbeatDetails = activity.HeartbeatDetails,
                    LastHeartbeatTime = activity.LastHeartbeatTime is { } beat ? Timestamp.FromDateTime(beat) : null,
                    LastStartedTime = activity.StartedTime is { } started ? Timestamp.FromDateTime(started) : null,
                    Attempt = activity.Attempt,
                    MaximumAttempts = activity.Attributes.RetryPolicy.MaximumAttempts,
                    ScheduledTime = Timestamp.FromDateTime(activity.CurrentAttemptScheduledTime),
                    LastFailure = activity.LastFailure,
                    LastWorkerIdentity = activity.Identity,
                    LastAttemptCompleteTime = activity.LastAttemptCompleteTime is { } completed ? Timestamp.FromDateTime(completed) : null,
                    NextAttemptScheduleTime = backoff ? Timestamp.FromDateTime(activity.CurrentAttemptScheduledTime) : null,
                    CurrentRetryInterval = backoff && activity.LastAttemptCompleteTime is { } last ? Duration.FromTimeSpan(activity.CurrentAttemptScheduledTime - last) : null,
                    ExpirationTime = Positive(activity.Attributes.ScheduleToCloseTimeout) is { } total ? Timestamp.FromDateTime(activity.ScheduledTime + total) : null,
                });
            }
            foreach (var child in run.Children.Values)
            {
                response.PendingChildren.Add(new PendingChildExecutionInfo
                {
                    WorkflowId = child.WorkflowId,
                    RunId = child.RunId ?? "",
                    WorkflowTypeName = child.WorkflowType,
                    InitiatedId = child.InitiatedEventId,
                    ParentClosePolicy = child.ClosePolicy,
                });
            }
            if (run.WorkflowTask is { } task)
            {
                response.PendingWorkflowTask = new PendingWorkflowTaskInfo
                {
                    State = task.StartedEventId > 0 ? PendingWorkflowTaskState.Started : PendingWorkflowTaskState.Scheduled,
                    ScheduledTime = Timestamp.FromDateTime(task.ScheduledTime),
                    StartedTime = task.StartedTime is { } s ? Timestamp.FromDateTime(s) : null,
                    Attempt = task.Attempt,
                };
            }
            return response;
        }
    }

    private static WorkflowExecutionInfo Info(WorkflowExecution run)
    {
        var info = new WorkflowExecutionInfo
        {
            Execution = run.Ref,
            Type = new() { Name = run.WorkflowType },
            StartTime = Timestamp.FromDateTime(run.StartTime),
            ExecutionTime = Timestamp.FromDateTime(run.StartTime),
            CloseTime = run.CloseTime is { } closed ? Timestamp.FromDateTime(closed) : null,
            Status = run.Status,
            HistoryLength = run.History.Count,
            Memo = run.Memo,
            SearchAttributes = run.SearchAttributes,
            TaskQueue = run.TaskQueue,
            StateTransitionCount = run.History.Count,
            HistorySizeBytes = run.History.Sum(e => (long)e.CalculateSize()),
            FirstRunId = run.FirstRunId,
            ExecutionDuration = run.CloseTime is { } end ? Duration.FromTimeSpan(end - run.StartTime) : null,
        };
        if (run.Parent is { } parent)
        {
            info.ParentNamespaceId = parent.Namespace;
            info.ParentExecution = new() { WorkflowId = parent.WorkflowId, RunId = parent.RunId };
        }
        return info;
    }
}
