using Google.Protobuf.WellKnownTypes;
using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    private void ScheduleActivity(WorkflowExecution run, ScheduleActivityTaskCommandAttributes command, CommandContext context)
    {
        var completedId = context.CompletedEventId;
        var activityId = RpcErrors.Required(command.ActivityId, "ActivityId");
        RpcErrors.Required(command.ActivityType?.Name, "ActivityType");
        var (scheduleToClose, scheduleToStart, startToClose) = NormalizeTimeouts(command);
        var attributes = new ActivityTaskScheduledEventAttributes
        {
            ActivityId = activityId,
            ActivityType = command.ActivityType,
            TaskQueue = command.TaskQueue is { Name.Length: > 0 } ? command.TaskQueue : new TaskQueue { Name = run.TaskQueue, Kind = TaskQueueKind.Normal },
            Header = command.Header,
            Input = command.Input,
            ScheduleToCloseTimeout = ToDuration(scheduleToClose),
            ScheduleToStartTimeout = ToDuration(scheduleToStart),
            StartToCloseTimeout = ToDuration(startToClose),
            HeartbeatTimeout = command.HeartbeatTimeout,
            WorkflowTaskCompletedEventId = completedId,
            RetryPolicy = RetryPolicies.WithDefaults(command.RetryPolicy),
            UseWorkflowBuildId = command.UseWorkflowBuildId,
            Priority = command.Priority,
        };
        var scheduledId = Append(run, new HistoryEvent { EventType = EventType.ActivityTaskScheduled, ActivityTaskScheduledEventAttributes = attributes });
        var activity = new ActivityState
        {
            ScheduledEventId = scheduledId,
            Attributes = attributes,
            ScheduledTime = Clock.Now,
            CurrentAttemptScheduledTime = Clock.Now,
        };
        run.Activities[scheduledId] = activity;
        if (scheduleToClose is { } total)
        {
            activity.ScheduleToCloseTimer = Clock.Schedule(total, () => TimeOutActivity(run, activity, activity.Attempt, TimeoutType.ScheduleToClose));
        }
        if (command.RequestEagerExecution && attributes.TaskQueue.Name == run.TaskQueue)
        {
            context.Eager.Add(activity);
            return;
        }
        DispatchActivity(run, activity);
    }

    private static (TimeSpan? ScheduleToClose, TimeSpan? ScheduleToStart, TimeSpan? StartToClose) NormalizeTimeouts(ScheduleActivityTaskCommandAttributes command)
    {
        var scheduleToClose = Positive(command.ScheduleToCloseTimeout);
        var startToClose = Positive(command.StartToCloseTimeout) ?? scheduleToClose;
        var scheduleToStart = Positive(command.ScheduleToStartTimeout) ?? scheduleToClose;
        return startToClose is null
            ? throw RpcErrors.InvalidArgument("ScheduleActivityTask: a StartToClose or ScheduleToClose timeout is required.")
            : (scheduleToClose, scheduleToStart, startToClose);
    }

    private static Duration? ToDuration(TimeSpan? value) => value is { } v ? Duration.FromTimeSpan(v) : null;

    private void DispatchActivity(WorkflowExecution run, ActivityState activity)
    {
        activity.InBackoff = false;
        activity.CurrentAttemptScheduledTime = Clock.Now;
        var attempt = activity.Attempt;
        activityQueues.Enqueue(run.Namespace, activity.Attributes.TaskQueue.Name, new ActivityQueueItem(run, activity.ScheduledEventId, attempt));
        if (Positive(activity.Attributes.ScheduleToStartTimeout) is { } scheduleToStart)
        {
            activity.AttemptTimers.Add(Clock.Schedule(scheduleToStart, () =>
            {
                if (!activity.Started && activity.Attempt == attempt)
                {
                    TimeOutActivity(run, activity, attempt, TimeoutType.ScheduleToStart);
                }
            }));
        }
    }

    private PollActivityTaskQueueResponse? TryStartActivity(ActivityQueueItem item, PollActivityTaskQueueRequest poll)
    {
        return IsStillPending(item, out var activity) ? StartActivity(item.Execution, activity, poll.Identity) : null;
    }

    /// <summary>Whether a queued activity task is still the attempt waiting to start. Caller holds the lock.</summary>
    private static bool IsStillPending(ActivityQueueItem item, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ActivityState? activity)
    {
        activity = null;
        return item.Execution.IsOpen && item.Execution.Activities.TryGetValue(item.ScheduledEventId, out activity)
            && !activity.Closed && !activity.Started && activity.Attempt == item.Attempt;
    }

    private PollActivityTaskQueueResponse StartActivity(WorkflowExecution run, ActivityState activity, string identity)
    {
        CancelActivityTimers(activity);
        activity.Started = true;
        activity.StartedTime = Clock.Now;
        activity.Identity = identity;
        activity.RequestId = Guid.NewGuid().ToString();
        var attempt = activity.Attempt;
        var attributes = activity.Attributes;
        if (Positive(attributes.StartToCloseTimeout) is { } startToClose)
        {
            activity.AttemptTimers.Add(Clock.Schedule(startToClose, () => TimeOutActivity(run, activity, attempt, TimeoutType.StartToClose)));
        }
        ArmHeartbeatTimer(run, activity);
        return new PollActivityTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskKind.Activity, run.Namespace, run.WorkflowId, run.RunId, activity.ScheduledEventId, attempt).Encode(),
            WorkflowNamespace = run.Namespace,
            WorkflowType = new WorkflowType { Name = run.WorkflowType },
            WorkflowExecution = run.Ref,
            ActivityType = attributes.ActivityType,
            ActivityId = attributes.ActivityId,
            Header = attributes.Header,
            Input = attributes.Input,
            HeartbeatDetails = activity.HeartbeatDetails,
            ScheduledTime = Timestamp.FromDateTime(activity.ScheduledTime),
            CurrentAttemptScheduledTime = Timestamp.FromDateTime(activity.CurrentAttemptScheduledTime),
            StartedTime = Timestamp.FromDateTime(activity.StartedTime.Value),
            Attempt = attempt,
            ScheduleToCloseTimeout = attributes.ScheduleToCloseTimeout,
            StartToCloseTimeout = attributes.StartToCloseTimeout,
            HeartbeatTimeout = attributes.HeartbeatTimeout,
            RetryPolicy = attributes.RetryPolicy,
        };
    }

    private void ArmHeartbeatTimer(WorkflowExecution run, ActivityState activity)
    {
        if (Positive(activity.Attributes.HeartbeatTimeout) is not { } heartbeat)
        {
            return;
        }
        var attempt = activity.Attempt;
        var beatsAtArming = activity.LastHeartbeatTime;
        activity.AttemptTimers.Add(Clock.Schedule(heartbeat, () =>
        {
            if (activity.Attempt == attempt && activity.LastHeartbeatTime == beatsAtArming)
            {
                TimeOutActivity(run, activity, attempt, TimeoutType.Heartbeat);
            }
        }));
    }

    private void RequestCancelActivity(WorkflowExecution run, long scheduledEventId, long completedId)
    {
        if (!run.Activities.TryGetValue(scheduledEventId, out var activity))
        {
            throw RpcErrors.InvalidArgument($"RequestCancelActivityTask: no activity was scheduled by event {scheduledEventId}.");
        }
        var requestedId = Append(run, new HistoryEvent
        {
            EventType = EventType.ActivityTaskCancelRequested,
            ActivityTaskCancelRequestedEventAttributes = new() { ScheduledEventId = scheduledEventId, WorkflowTaskCompletedEventId = completedId },
        });
        activity.CancelRequested = true;
        activity.CancelRequestedEventId = requestedId;
        if (!activity.Started && !activity.Closed)
        {
            // Not running anywhere: canceled at once.
            CloseActivity(run, activity, started: false, (_, _) => new HistoryEvent
            {
                EventType = EventType.ActivityTaskCanceled,
                ActivityTaskCanceledEventAttributes = new() { ScheduledEventId = scheduledEventId, LatestCancelRequestedEventId = requestedId },
            });
        }
    }

    private static void CancelActivityTimers(ActivityState activity)
    {
        foreach (var timer in activity.AttemptTimers)
        {
            timer.Cancel();
        }
        activity.AttemptTimers.Clear();
    }

    /// <summary>Decides an activity's outcome now and writes its events (ActivityTaskStarted first, when it ran) as an outside event.</summary>
    private void CloseActivity(WorkflowExecution run, ActivityState activity, bool started, Func<long, long, HistoryEvent> outcome)
    {
        activity.Closed = true;
        CancelActivityTimers(activity);
        activity.ScheduleToCloseTimer?.Cancel();
        AddExternal(run, () =>
        {
            run.Activities.Remove(activity.ScheduledEventId);
            var startedId = 0L;
            if (started)
            {
                startedId = Append(run, new HistoryEvent
                {
                    EventType = EventType.ActivityTaskStarted,
                    ActivityTaskStartedEventAttributes = new()
                    {
                        ScheduledEventId = activity.ScheduledEventId,
                        Identity = activity.Identity,
                        RequestId = activity.RequestId,
                        Attempt = activity.Attempt,
                        LastFailure = activity.LastFailure,
                    },
                });
            }
            Append(run, outcome(activity.ScheduledEventId, startedId));
        });
    }
}
