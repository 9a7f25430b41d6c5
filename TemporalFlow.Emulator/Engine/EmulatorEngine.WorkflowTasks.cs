using Google.Protobuf.WellKnownTypes;
using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    private const int HistoryPageSize = 1000;

    /// <summary>Schedules a workflow task unless one is already scheduled or running. Caller holds the lock.</summary>
    private void ScheduleWorkflowTask(WorkflowExecution run)
    {
        EnforceHistoryLimits(run); // what grew the history is written: past a limit the run ends here, with no task to handle it
        if (!run.IsOpen || run.WorkflowTask is not null)
        {
            return;
        }
        var queue = run.StickyQueue ?? run.TaskQueue;
        var scheduledId = Append(run, new HistoryEvent
        {
            EventType = EventType.WorkflowTaskScheduled,
            WorkflowTaskScheduledEventAttributes = new()
            {
                TaskQueue = new TaskQueue
                {
                    Name = queue,
                    Kind = run.StickyQueue is null ? TaskQueueKind.Normal : TaskQueueKind.Sticky,
                    NormalName = run.StickyQueue is null ? "" : run.TaskQueue,
                },
                StartToCloseTimeout = Duration.FromTimeSpan(run.WorkflowTaskTimeout),
                Attempt = run.WorkflowTaskAttempt,
            },
        });
        run.WorkflowTask = new WorkflowTaskState { ScheduledEventId = scheduledId, Attempt = run.WorkflowTaskAttempt, Queue = queue, ScheduledTime = Clock.Now };
        Dispatch(run, new WorkflowTaskItem(run, scheduledId));
    }

    /// <summary>Offers a task on the run's sticky queue, falling back to its normal queue if no sticky poller takes it in time.</summary>
    private void Dispatch(WorkflowExecution run, WorkflowQueueItem item)
    {
        if (run.StickyQueue is not { } sticky)
        {
            workflowQueues.Enqueue(run.Namespace, run.TaskQueue, item);
            return;
        }
        workflowQueues.Enqueue(run.Namespace, sticky, item);
        // A pending task keeps the clock from skipping, so this fires after the sticky timeout of real time.
        Clock.Schedule(run.StickyTimeout, () =>
        {
            if (IsStillPending(item))
            {
                run.StickyQueue = null;
                workflowQueues.Enqueue(run.Namespace, run.TaskQueue, item);
            }
        });
    }

    private static bool IsStillPending(WorkflowQueueItem item) => item switch
    {
        WorkflowTaskItem task => task.Execution.WorkflowTask is { StartedEventId: 0 } state && state.ScheduledEventId == task.ScheduledEventId,
        QueryTaskItem query => !query.Query.Dispatched && !query.Query.Answer.Task.IsCompleted,
        _ => false,
    };

    /// <summary>Starts a polled item if it is still current. Caller holds the lock.</summary>
    private PollWorkflowTaskQueueResponse? TryStartWorkflowQueueItem(WorkflowQueueItem item, PollWorkflowTaskQueueRequest poll)
    {
        if (!IsStillPending(item))
        {
            return null;
        }
        var run = item.Execution;
        if (item is QueryTaskItem query)
        {
            query.Query.Dispatched = true;
            return new PollWorkflowTaskQueueResponse
            {
                TaskToken = new TaskToken(TaskKind.Query, run.Namespace, run.WorkflowId, run.RunId, 0, 0, query.Query.Id).Encode(),
                WorkflowExecution = run.Ref,
                WorkflowType = new() { Name = run.WorkflowType },
                Query = query.Query.Query,
                // As the real server: the SDK replays up to here, so results recorded as markers (local activities) are read, not rerun.
                PreviousStartedEventId = run.PreviousStartedEventId,
                History = new History { Events = { CompletedHistory(run) } },
                WorkflowExecutionTaskQueue = new TaskQueue { Name = run.TaskQueue, Kind = TaskQueueKind.Normal },
            };
        }

        var task = run.WorkflowTask!;
        var stickyPoll = poll.TaskQueue.Kind == TaskQueueKind.Sticky || poll.TaskQueue.Name != run.TaskQueue;
        var startedId = Append(run, new HistoryEvent
        {
            EventType = EventType.WorkflowTaskStarted,
            WorkflowTaskStartedEventAttributes = new()
            {
                ScheduledEventId = task.ScheduledEventId,
                Identity = poll.Identity,
                RequestId = Guid.NewGuid().ToString(),
                HistorySizeBytes = run.HistoryBytes,
                // As the real server: past limit.historyCount/historySize.suggestContinueAsNew the workflow is told to continue as new.
                SuggestContinueAsNew = SuggestsContinueAsNew(run),
            },
        });
        task.StartedEventId = startedId;
        task.StartedTime = Clock.Now;
        task.Timeout = Clock.Schedule(run.WorkflowTaskTimeout, () => TimeOutWorkflowTask(run, task));

        // A sticky worker has the run cached: it gets only what happened since its last task.
        var from = stickyPoll && run.PreviousStartedEventId > 0 ? (int)run.PreviousStartedEventId : 0;
        var count = Math.Min(run.History.Count - from, from == 0 ? HistoryPageSize : int.MaxValue);
        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskKind.Workflow, run.Namespace, run.WorkflowId, run.RunId, task.ScheduledEventId, task.Attempt).Encode(),
            WorkflowExecution = run.Ref,
            WorkflowType = new() { Name = run.WorkflowType },
            PreviousStartedEventId = run.PreviousStartedEventId,
            StartedEventId = startedId,
            Attempt = task.Attempt,
            History = new History { Events = { run.History.GetRange(from, count) } },
            WorkflowExecutionTaskQueue = new TaskQueue { Name = run.TaskQueue, Kind = TaskQueueKind.Normal },
            ScheduledTime = Timestamp.FromDateTime(task.ScheduledTime),
            StartedTime = Timestamp.FromDateTime(task.StartedTime.Value),
        };
        if (from + count < run.History.Count)
        {
            response.NextPageToken = HistoryPageToken.Encode(from + count, startedId);
        }
        return response;
    }

    /// <summary>History as of the last completed workflow task, which is what a query is answered against.</summary>
    private static IEnumerable<HistoryEvent> CompletedHistory(WorkflowExecution run) =>
        run.WorkflowTask is { } pending ? run.History.Take((int)pending.ScheduledEventId - 1) : run.History;

    public RespondWorkflowTaskCompletedResponse RespondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest request)
    {
        lock (sync)
        {
            var (run, task) = RequireStartedWorkflowTask(request.TaskToken);
            task.Timeout?.Cancel();

            if (HasUnhandledEvents(run, request))
            {
                // Closing the run now would drop what arrived during the task: fail it so the workflow sees those events first,
                // and answer as the real server does (the SDK drops its cached copy and replays).
                FailWorkflowTask(run, task, WorkflowTaskFailedCause.UnhandledCommand, null, request.Identity);
                throw RpcErrors.InvalidArgument("UnhandledCommand");
            }
            if (FindCommandViolation(run, request.Commands) is { } violation)
            {
                RefuseCommands(run, task, violation, request.Identity);
                return new RespondWorkflowTaskCompletedResponse();
            }

            var completedId = Append(run, new HistoryEvent
            {
                EventType = EventType.WorkflowTaskCompleted,
                WorkflowTaskCompletedEventAttributes = new()
                {
                    ScheduledEventId = task.ScheduledEventId,
                    StartedEventId = task.StartedEventId,
                    Identity = request.Identity,
                    BinaryChecksum = request.BinaryChecksum,
                    SdkMetadata = request.SdkMetadata,
                    MeteringMetadata = request.MeteringMetadata,
                    WorkerVersion = request.WorkerVersionStamp,
                },
            });
            run.WorkflowTaskAttempt = 1;
            run.PreviousStartedEventId = task.StartedEventId;
            run.FirstWorkflowTaskCompleted = true;
            if (request.StickyAttributes?.WorkerTaskQueue?.Name is { Length: > 0 } sticky)
            {
                run.StickyQueue = sticky;
                run.StickyTimeout = request.StickyAttributes.ScheduleToStartTimeout?.ToTimeSpan() is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromSeconds(5);
            }
            else
            {
                run.StickyQueue = null;
            }

            // The task counts as running until its commands are written, so anything they cause is held back behind them.
            var context = new CommandContext(completedId);
            foreach (var command in request.Commands)
            {
                ApplyCommand(run, command, context);
            }
            if (run.WorkflowTask == task)
            {
                run.WorkflowTask = null;
            }
            FlushBuffered(run, scheduleTask: request.ForceCreateNewWorkflowTask);
            foreach (var action in context.Deferred)
            {
                action();
            }
            EnforceHistoryLimits(run);
            DispatchWaitingQueries(run);
            var response = new RespondWorkflowTaskCompletedResponse();
            if (run.IsOpen)
            {
                response.ActivityTasks.AddRange(context.Eager.Select(activity => StartActivity(run, activity, request.Identity)));
            }
            return response;
        }
    }

    public RespondWorkflowTaskFailedResponse RespondWorkflowTaskFailed(RespondWorkflowTaskFailedRequest request)
    {
        lock (sync)
        {
            var (run, task) = RequireStartedWorkflowTask(request.TaskToken);
            task.Timeout?.Cancel();
            FailWorkflowTask(run, task, request.Cause, request.Failure, request.Identity);
            return new RespondWorkflowTaskFailedResponse();
        }
    }

    private void FailWorkflowTask(WorkflowExecution run, WorkflowTaskState task, WorkflowTaskFailedCause cause,
        Temporalio.Api.Failure.V1.Failure? failure, string identity)
    {
        Append(run, new HistoryEvent
        {
            EventType = EventType.WorkflowTaskFailed,
            WorkflowTaskFailedEventAttributes = new()
            {
                ScheduledEventId = task.ScheduledEventId,
                StartedEventId = task.StartedEventId,
                Cause = cause,
                Failure = failure,
                Identity = identity,
            },
        });
        RetryWorkflowTask(run, cause is not (WorkflowTaskFailedCause.UnhandledCommand or WorkflowTaskFailedCause.ResetStickyTaskQueue));
    }

    private void TimeOutWorkflowTask(WorkflowExecution run, WorkflowTaskState task)
    {
        if (run.WorkflowTask != task || !run.IsOpen)
        {
            return;
        }
        Append(run, new HistoryEvent
        {
            EventType = EventType.WorkflowTaskTimedOut,
            WorkflowTaskTimedOutEventAttributes = new()
            {
                ScheduledEventId = task.ScheduledEventId,
                StartedEventId = task.StartedEventId,
                TimeoutType = TimeoutType.StartToClose,
            },
        });
        RetryWorkflowTask(run, countAttempt: true);
    }

    /// <summary>After a failed or timed-out task: forget the sticky worker, write what was held back, and try again (backing off on repeats).</summary>
    private void RetryWorkflowTask(WorkflowExecution run, bool countAttempt)
    {
        run.WorkflowTask = null;
        run.StickyQueue = null;
        run.WorkflowTaskAttempt = countAttempt ? run.WorkflowTaskAttempt + 1 : 1;
        FlushBuffered(run, scheduleTask: false);
        var backoff = TimeSpan.FromMilliseconds(Math.Min(10_000, 100 * Math.Pow(2, Math.Max(0, run.WorkflowTaskAttempt - 3))));
        if (run.WorkflowTaskAttempt <= 2)
        {
            ScheduleWorkflowTask(run);
        }
        else
        {
            Clock.Schedule(backoff, () => ScheduleWorkflowTask(run));
        }
    }

    /// <summary>Appends what arrived during the task; schedules a new task when anything did (or when asked).</summary>
    private void FlushBuffered(WorkflowExecution run, bool scheduleTask)
    {
        var buffered = run.Buffered.ToList();
        run.Buffered.Clear();
        foreach (var append in buffered)
        {
            append();
        }
        if ((buffered.Count > 0 || scheduleTask) && run.IsOpen)
        {
            ScheduleWorkflowTask(run);
        }
    }

    private static bool HasUnhandledEvents(WorkflowExecution run, RespondWorkflowTaskCompletedRequest request) =>
        run.Buffered.Count > 0 && request.Commands.Any(c => c.CommandType is CommandType.CompleteWorkflowExecution
            or CommandType.FailWorkflowExecution or CommandType.CancelWorkflowExecution or CommandType.ContinueAsNewWorkflowExecution);

    private (WorkflowExecution Run, WorkflowTaskState Task) RequireStartedWorkflowTask(Google.Protobuf.ByteString token)
    {
        var decoded = TaskToken.Decode(token, TaskKind.Workflow);
        var run = FindRun(decoded.Namespace, decoded.WorkflowId, decoded.RunId);
        if (run is { IsOpen: true, WorkflowTask: { StartedEventId: > 0 } task } && task.ScheduledEventId == decoded.EventId && task.Attempt == decoded.Attempt)
        {
            return (run, task);
        }
        throw RpcErrors.NotFound("Workflow task not found.");
    }
}

/// <summary>A history page token: where the next page starts and the last event id the reader may see.</summary>
internal static class HistoryPageToken
{
    public static Google.Protobuf.ByteString Encode(int offset, long lastEventId) =>
        Google.Protobuf.ByteString.CopyFromUtf8(FormattableString.Invariant($"{offset}:{lastEventId}"));

    public static (int Offset, long LastEventId) Decode(Google.Protobuf.ByteString token)
    {
        var parts = token.ToStringUtf8().Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], out var offset) && long.TryParse(parts[1], out var last) && offset >= 0
            ? (offset, last)
            : throw RpcErrors.InvalidArgument("Invalid NextPageToken: it was not issued by this server.");
    }
}
