using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    private void InitiateExternalSignal(WorkflowExecution run, SignalExternalWorkflowExecutionCommandAttributes command, long completedId, List<Action> deferred)
    {
        var @namespace = string.IsNullOrEmpty(command.Namespace) ? run.Namespace : command.Namespace;
        var initiatedId = Append(run, new HistoryEvent
        {
            EventType = EventType.SignalExternalWorkflowExecutionInitiated,
            SignalExternalWorkflowExecutionInitiatedEventAttributes = new()
            {
                WorkflowTaskCompletedEventId = completedId,
                Namespace = @namespace,
                WorkflowExecution = command.Execution,
                SignalName = command.SignalName,
                Input = command.Input,
                Control = command.Control,
                ChildWorkflowOnly = command.ChildWorkflowOnly,
                Header = command.Header,
            },
        });
        deferred.Add(() =>
        {
            var target = FindRun(@namespace, command.Execution.WorkflowId, command.Execution.RunId);
            var signal = new WorkflowExecutionSignaledEventAttributes
            {
                SignalName = command.SignalName,
                Input = command.Input,
                Header = command.Header,
                ExternalWorkflowExecution = run.Ref,
            };
            // As the server: a target that is gone, or that takes no more signals, fails the sender's signal with the cause.
            if (target is not { IsOpen: true } || !Signal(target, signal, requestId: ""))
            {
                var cause = target is { IsOpen: true }
                    ? SignalExternalWorkflowExecutionFailedCause.SignalCountLimitExceeded
                    : SignalExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound;
                AddExternal(run, () => Append(run, new HistoryEvent
                {
                    EventType = EventType.SignalExternalWorkflowExecutionFailed,
                    SignalExternalWorkflowExecutionFailedEventAttributes = new()
                    {
                        Cause = cause,
                        Namespace = @namespace,
                        WorkflowExecution = command.Execution,
                        InitiatedEventId = initiatedId,
                        Control = command.Control,
                    },
                }));
                return;
            }
            AddExternal(run, () => Append(run, new HistoryEvent
            {
                EventType = EventType.ExternalWorkflowExecutionSignaled,
                ExternalWorkflowExecutionSignaledEventAttributes = new()
                {
                    InitiatedEventId = initiatedId,
                    Namespace = @namespace,
                    WorkflowExecution = target.Ref,
                    Control = command.Control,
                },
            }));
        });
    }

    private void InitiateExternalCancel(WorkflowExecution run, RequestCancelExternalWorkflowExecutionCommandAttributes command, long completedId, List<Action> deferred)
    {
        var @namespace = string.IsNullOrEmpty(command.Namespace) ? run.Namespace : command.Namespace;
        var execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = command.WorkflowId, RunId = command.RunId };
        var initiatedId = Append(run, new HistoryEvent
        {
            EventType = EventType.RequestCancelExternalWorkflowExecutionInitiated,
            RequestCancelExternalWorkflowExecutionInitiatedEventAttributes = new()
            {
                WorkflowTaskCompletedEventId = completedId,
                Namespace = @namespace,
                WorkflowExecution = execution,
                Control = command.Control,
                ChildWorkflowOnly = command.ChildWorkflowOnly,
                Reason = command.Reason,
            },
        });
        deferred.Add(() =>
        {
            var target = FindRun(@namespace, command.WorkflowId, command.RunId);
            if (target is not { IsOpen: true })
            {
                AddExternal(run, () => Append(run, new HistoryEvent
                {
                    EventType = EventType.RequestCancelExternalWorkflowExecutionFailed,
                    RequestCancelExternalWorkflowExecutionFailedEventAttributes = new()
                    {
                        Cause = CancelExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                        Namespace = @namespace,
                        WorkflowExecution = execution,
                        InitiatedEventId = initiatedId,
                        Control = command.Control,
                    },
                }));
                return;
            }
            RequestCancel(target, new WorkflowExecutionCancelRequestedEventAttributes
            {
                Cause = command.Reason,
                ExternalInitiatedEventId = initiatedId,
                ExternalWorkflowExecution = run.Ref,
            });
            AddExternal(run, () => Append(run, new HistoryEvent
            {
                EventType = EventType.ExternalWorkflowExecutionCancelRequested,
                ExternalWorkflowExecutionCancelRequestedEventAttributes = new()
                {
                    InitiatedEventId = initiatedId,
                    Namespace = @namespace,
                    WorkflowExecution = target.Ref,
                },
            }));
        });
    }
}
