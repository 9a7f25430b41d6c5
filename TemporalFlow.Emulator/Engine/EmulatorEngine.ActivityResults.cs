using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    public RespondActivityTaskCompletedResponse RespondActivityTaskCompleted(RespondActivityTaskCompletedRequest request)
    {
        lock (sync)
        {
            var (run, activity) = RequireStartedActivity(request.TaskToken);
            Complete(run, activity, request.Result, request.Identity);
            return new RespondActivityTaskCompletedResponse();
        }
    }

    public RespondActivityTaskCompletedByIdResponse RespondActivityTaskCompletedById(RespondActivityTaskCompletedByIdRequest request)
    {
        lock (sync)
        {
            var (run, activity) = RequireActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            Complete(run, activity, request.Result, request.Identity);
            return new RespondActivityTaskCompletedByIdResponse();
        }
    }

    public RespondActivityTaskFailedResponse RespondActivityTaskFailed(RespondActivityTaskFailedRequest request)
    {
        CheckBlob(request.Failure);
        lock (sync)
        {
            var (run, activity) = RequireStartedActivity(request.TaskToken);
            Fail(run, activity, request.Failure, request.LastHeartbeatDetails, request.Identity);
            return new RespondActivityTaskFailedResponse();
        }
    }

    public RespondActivityTaskFailedByIdResponse RespondActivityTaskFailedById(RespondActivityTaskFailedByIdRequest request)
    {
        CheckBlob(request.Failure);
        lock (sync)
        {
            var (run, activity) = RequireActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            Fail(run, activity, request.Failure, request.LastHeartbeatDetails, request.Identity);
            return new RespondActivityTaskFailedByIdResponse();
        }
    }

    public RespondActivityTaskCanceledResponse RespondActivityTaskCanceled(RespondActivityTaskCanceledRequest request)
    {
        lock (sync)
        {
            var (run, activity) = RequireStartedActivity(request.TaskToken);
            Canceled(run, activity, request.Details, request.Identity);
            return new RespondActivityTaskCanceledResponse();
        }
    }

    public RespondActivityTaskCanceledByIdResponse RespondActivityTaskCanceledById(RespondActivityTaskCanceledByIdRequest request)
    {
        lock (sync)
        {
            var (run, activity) = RequireActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            Canceled(run, activity, request.Details, request.Identity);
            return new RespondActivityTaskCanceledByIdResponse();
        }
    }

    public RecordActivityTaskHeartbeatResponse RecordActivityTaskHeartbeat(RecordActivityTaskHeartbeatRequest request)
    {
        lock (sync)
        {
            var (run, activity) = RequireStartedActivity(request.TaskToken);
            return new RecordActivityTaskHeartbeatResponse { CancelRequested = Heartbeat(run, activity, request.Details) };
        }
    }

    public RecordActivityTaskHeartbeatByIdResponse RecordActivityTaskHeartbeatById(RecordActivityTaskHeartbeatByIdRequest request)
    {
        lock (sync)
        {
            var (run, activity) = RequireActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
            return new RecordActivityTaskHeartbeatByIdResponse { CancelRequested = Heartbeat(run, activity, request.Details) };
        }
    }

    private bool Heartbeat(WorkflowExecution run, ActivityState activity, Payloads? details)
    {
        if (IsOverBlobLimit(details))
        {
            // As the frontend does: the activity fails at once, and the worker is told to stop it.
            Fail(run, activity, ServerFailure("Heartbeat details exceed size limit."), null, activity.Identity);
            return true;
        }
        activity.HeartbeatDetails = details ?? activity.HeartbeatDetails;
        activity.LastHeartbeatTime = Clock.Now;
        ArmHeartbeatTimer(run, activity);
        return activity.CancelRequested;
    }

    private void Complete(WorkflowExecution run, ActivityState activity, Payloads? result, string identity)
    {
        if (IsOverBlobLimit(result))
        {
            // As the frontend does: a result over the limit is recorded as the activity's failure.
            Fail(run, activity, ServerFailure("Complete result exceeds size limit."), null, identity);
            return;
        }
        activity.Identity = string.IsNullOrEmpty(identity) ? activity.Identity : identity;
        CloseActivity(run, activity, started: true, (scheduledId, startedId) => new HistoryEvent
        {
            EventType = EventType.ActivityTaskCompleted,
            ActivityTaskCompletedEventAttributes = new() { Result = result, ScheduledEventId = scheduledId, StartedEventId = startedId, Identity = activity.Identity },
        });
    }

    private void Canceled(WorkflowExecution run, ActivityState activity, Payloads? details, string identity)
    {
        activity.Identity = string.IsNullOrEmpty(identity) ? activity.Identity : identity;
        CloseActivity(run, activity, started: true, (scheduledId, startedId) => new HistoryEvent
        {
            EventType = EventType.ActivityTaskCanceled,
            ActivityTaskCanceledEventAttributes = new()
            {
                Details = details,
                ScheduledEventId = scheduledId,
                StartedEventId = startedId,
                LatestCancelRequestedEventId = activity.CancelRequestedEventId,
                Identity = activity.Identity,
            },
        });
    }

    private static Failure ServerFailure(string message) => new() { Message = message, ServerFailureInfo = new() { NonRetryable = true } };

    private void Fail(WorkflowExecution run, ActivityState activity, Failure? failure, Payloads? lastHeartbeat, string identity)
    {
        activity.HeartbeatDetails = lastHeartbeat ?? activity.HeartbeatDetails;
        failure ??= new Failure { Message = "activity failed without a failure", ApplicationFailureInfo = new() };
        if (TryRetry(run, activity, failure))
        {
            return;
        }
        activity.Identity = string.IsNullOrEmpty(identity) ? activity.Identity : identity;
        var retryState = RetryPolicies.IsRetryable(activity.Attributes.RetryPolicy, failure) ? RetryState.MaximumAttemptsReached : RetryState.NonRetryableFailure;
        CloseActivity(run, activity, started: true, (scheduledId, startedId) => new HistoryEvent
        {
            EventType = EventType.ActivityTaskFailed,
            ActivityTaskFailedEventAttributes = new()
            {
                Failure = failure,
                ScheduledEventId = scheduledId,
                StartedEventId = startedId,
                Identity = activity.Identity,
                RetryState = retryState,
            },
        });
    }

    /// <summary>Runs the attempt timers' verdict: retry when the policy allows, else the activity times out.</summary>
    private void TimeOutActivity(WorkflowExecution run, ActivityState activity, int attempt, TimeoutType timeoutType)
    {
        if (!run.IsOpen || activity.Closed || activity.Attempt != attempt)
        {
            return;
        }
        var failure = new Failure
        {
            Message = $"activity {timeoutType} timeout",
            TimeoutFailureInfo = new() { TimeoutType = timeoutType, LastHeartbeatDetails = activity.HeartbeatDetails },
        };
        if (timeoutType is TimeoutType.StartToClose or TimeoutType.Heartbeat && TryRetry(run, activity, failure))
        {
            return;
        }
        var started = activity.Started;
        var retryState = timeoutType is TimeoutType.StartToClose or TimeoutType.Heartbeat ? RetryState.MaximumAttemptsReached : RetryState.Timeout;
        CloseActivity(run, activity, started, (scheduledId, startedId) => new HistoryEvent
        {
            EventType = EventType.ActivityTaskTimedOut,
            ActivityTaskTimedOutEventAttributes = new()
            {
                Failure = failure,
                ScheduledEventId = scheduledId,
                StartedEventId = startedId,
                RetryState = retryState,
            },
        });
    }

    /// <summary>Schedules the next attempt after the policy's backoff, unless the policy or the schedule-to-close deadline forbids it.</summary>
    private bool TryRetry(WorkflowExecution run, ActivityState activity, Failure failure)
    {
        if (activity.CancelRequested || RetryPolicies.NextDelay(activity.Attributes.RetryPolicy, activity.Attempt, failure) is not { } delay)
        {
            return false;
        }
        if (Positive(activity.Attributes.ScheduleToCloseTimeout) is { } total && Clock.Now + delay >= activity.ScheduledTime + total)
        {
            return false;
        }
        CancelActivityTimers(activity);
        activity.LastFailure = failure;
        activity.Started = false;
        activity.StartedTime = null;
        var now = Clock.Now;
        activity.LastAttemptCompleteTime = now;
        activity.CurrentAttemptScheduledTime = now + delay;
        activity.Attempt++;
        activity.InBackoff = true;
        activity.AttemptTimers.Add(Clock.Schedule(delay, () =>
        {
            if (run.IsOpen && !activity.Closed)
            {
                DispatchActivity(run, activity);
            }
        }));
        return true;
    }

    private (WorkflowExecution Run, ActivityState Activity) RequireStartedActivity(Google.Protobuf.ByteString token)
    {
        var decoded = TaskToken.Decode(token, TaskKind.Activity);
        var run = FindRun(decoded.Namespace, decoded.WorkflowId, decoded.RunId);
        if (run is { IsOpen: true } && run.Activities.TryGetValue(decoded.EventId, out var activity)
            && !activity.Closed && activity.Started && activity.Attempt == decoded.Attempt)
        {
            return (run, activity);
        }
        throw RpcErrors.NotFound("Activity task not found: it completed, timed out or was retried already.");
    }

    private (WorkflowExecution Run, ActivityState Activity) RequireActivityById(string @namespace, string workflowId, string runId, string activityId)
    {
        var run = RequireOpenRun(@namespace, new() { WorkflowId = workflowId, RunId = runId });
        var activity = run.Activities.Values.FirstOrDefault(a => a.Attributes.ActivityId == RpcErrors.Required(activityId, "ActivityId") && !a.Closed);
        return activity is not null
            ? (run, activity)
            : throw RpcErrors.NotFound($"Activity {activityId} is not pending on workflow {workflowId}.");
    }
}
