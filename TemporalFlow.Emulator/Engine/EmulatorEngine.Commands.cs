using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    /// <summary>Writes a command's event (in command order, right after WorkflowTaskCompleted) and applies its effect.</summary>
    private void ApplyCommand(WorkflowExecution run, Command command, CommandContext context)
    {
        var completedId = context.CompletedEventId;
        var deferred = context.Deferred;
        if (!run.IsOpen)
        {
            return; // Commands after a closing command have nothing to act on.
        }
        switch (command.AttributesCase)
        {
            case Command.AttributesOneofCase.ScheduleActivityTaskCommandAttributes:
                ScheduleActivity(run, command.ScheduleActivityTaskCommandAttributes, context);
                break;
            case Command.AttributesOneofCase.RequestCancelActivityTaskCommandAttributes:
                RequestCancelActivity(run, command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId, completedId);
                break;
            case Command.AttributesOneofCase.StartTimerCommandAttributes:
                StartTimer(run, command.StartTimerCommandAttributes, completedId);
                break;
            case Command.AttributesOneofCase.CancelTimerCommandAttributes:
                CancelTimer(run, command.CancelTimerCommandAttributes.TimerId, completedId);
                break;
            case Command.AttributesOneofCase.CompleteWorkflowExecutionCommandAttributes:
                Append(run, new HistoryEvent
                {
                    EventType = EventType.WorkflowExecutionCompleted,
                    WorkflowExecutionCompletedEventAttributes = new()
                    {
                        Result = command.CompleteWorkflowExecutionCommandAttributes.Result,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                });
                Close(run, WorkflowExecutionStatus.Completed);
                break;
            case Command.AttributesOneofCase.FailWorkflowExecutionCommandAttributes:
                Append(run, new HistoryEvent
                {
                    EventType = EventType.WorkflowExecutionFailed,
                    WorkflowExecutionFailedEventAttributes = new()
                    {
                        Failure = command.FailWorkflowExecutionCommandAttributes.Failure,
                        RetryState = RetryState.RetryPolicyNotSet,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                });
                Close(run, WorkflowExecutionStatus.Failed);
                break;
            case Command.AttributesOneofCase.CancelWorkflowExecutionCommandAttributes:
                Append(run, new HistoryEvent
                {
                    EventType = EventType.WorkflowExecutionCanceled,
                    WorkflowExecutionCanceledEventAttributes = new()
                    {
                        Details = command.CancelWorkflowExecutionCommandAttributes.Details,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                });
                Close(run, WorkflowExecutionStatus.Canceled);
                break;
            case Command.AttributesOneofCase.ContinueAsNewWorkflowExecutionCommandAttributes:
                ContinueAsNew(run, command.ContinueAsNewWorkflowExecutionCommandAttributes, completedId);
                break;
            case Command.AttributesOneofCase.StartChildWorkflowExecutionCommandAttributes:
                InitiateChild(run, command.StartChildWorkflowExecutionCommandAttributes, completedId, deferred);
                break;
            case Command.AttributesOneofCase.SignalExternalWorkflowExecutionCommandAttributes:
                InitiateExternalSignal(run, command.SignalExternalWorkflowExecutionCommandAttributes, completedId, deferred);
                break;
            case Command.AttributesOneofCase.RequestCancelExternalWorkflowExecutionCommandAttributes:
                InitiateExternalCancel(run, command.RequestCancelExternalWorkflowExecutionCommandAttributes, completedId, deferred);
                break;
            case Command.AttributesOneofCase.RecordMarkerCommandAttributes:
                var marker = command.RecordMarkerCommandAttributes;
                Append(run, new HistoryEvent
                {
                    EventType = EventType.MarkerRecorded,
                    MarkerRecordedEventAttributes = new()
                    {
                        MarkerName = marker.MarkerName,
                        Details = { marker.Details },
                        Header = marker.Header,
                        Failure = marker.Failure,
                        WorkflowTaskCompletedEventId = completedId,
                    },
                });
                break;
            case Command.AttributesOneofCase.UpsertWorkflowSearchAttributesCommandAttributes:
                var upsert = command.UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes;
                Append(run, new HistoryEvent
                {
                    EventType = EventType.UpsertWorkflowSearchAttributes,
                    UpsertWorkflowSearchAttributesEventAttributes = new() { SearchAttributes = upsert, WorkflowTaskCompletedEventId = completedId },
                });
                foreach (var (key, value) in upsert?.IndexedFields ?? [])
                {
                    run.SearchAttributes.IndexedFields[key] = value;
                }
                break;
            case Command.AttributesOneofCase.ModifyWorkflowPropertiesCommandAttributes:
                var memo = command.ModifyWorkflowPropertiesCommandAttributes.UpsertedMemo;
                Append(run, new HistoryEvent
                {
                    EventType = EventType.WorkflowPropertiesModified,
                    WorkflowPropertiesModifiedEventAttributes = new() { UpsertedMemo = memo, WorkflowTaskCompletedEventId = completedId },
                });
                foreach (var (key, value) in memo?.Fields ?? [])
                {
                    run.Memo.Fields[key] = value;
                }
                break;
            default:
                throw RpcErrors.InvalidArgument($"Command {command.CommandType} is not supported by the TemporalFlow emulator.");
        }
    }

    private void StartTimer(WorkflowExecution run, StartTimerCommandAttributes attributes, long completedId)
    {
        var timerId = RpcErrors.Required(attributes.TimerId, "TimerId");
        var startedId = Append(run, new HistoryEvent
        {
            EventType = EventType.TimerStarted,
            TimerStartedEventAttributes = new()
            {
                TimerId = timerId,
                StartToFireTimeout = attributes.StartToFireTimeout,
                WorkflowTaskCompletedEventId = completedId,
            },
        });
        TimerState? timer = null;
        var handle = Clock.Schedule(attributes.StartToFireTimeout?.ToTimeSpan() ?? TimeSpan.Zero, () =>
        {
            if (!run.IsOpen || timer!.Finished)
            {
                return;
            }
            timer.Finished = true;
            AddExternal(run, () =>
            {
                if (timer.Canceled)
                {
                    return;
                }
                run.Timers.Remove(timerId);
                Append(run, new HistoryEvent
                {
                    EventType = EventType.TimerFired,
                    TimerFiredEventAttributes = new() { TimerId = timerId, StartedEventId = startedId },
                });
            });
        });
        timer = new TimerState { TimerId = timerId, StartedEventId = startedId, Handle = handle };
        run.Timers[timerId] = timer;
    }

    private void CancelTimer(WorkflowExecution run, string timerId, long completedId)
    {
        if (!run.Timers.Remove(timerId, out var timer))
        {
            throw RpcErrors.InvalidArgument($"CancelTimer: no timer with id {timerId} is running.");
        }
        timer.Handle.Cancel();
        // A timer that fired while this task ran is canceled instead: its held-back TimerFired event is dropped.
        timer.Finished = true;
        timer.Canceled = true;
        Append(run, new HistoryEvent
        {
            EventType = EventType.TimerCanceled,
            TimerCanceledEventAttributes = new() { TimerId = timerId, StartedEventId = timer.StartedEventId, WorkflowTaskCompletedEventId = completedId },
        });
    }
}

/// <summary>What applying one workflow task's commands collects: work to do after the commands are written, and eager activities.</summary>
internal sealed class CommandContext(long completedEventId)
{
    public long CompletedEventId { get; } = completedEventId;

    public List<Action> Deferred { get; } = [];

    /// <summary>Activities the worker asked to run eagerly: handed back in the completion response instead of through a poll.</summary>
    public List<ActivityState> Eager { get; } = [];
}
