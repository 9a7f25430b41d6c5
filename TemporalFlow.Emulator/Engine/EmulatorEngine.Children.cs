using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    private void ContinueAsNew(WorkflowExecution run, ContinueAsNewWorkflowExecutionCommandAttributes command, long completedId)
    {
        var next = new StartRunInput(run.Namespace, run.WorkflowId,
            command.WorkflowType?.Name is { Length: > 0 } type ? type : run.WorkflowType,
            command.TaskQueue?.Name is { Length: > 0 } queue ? queue : run.TaskQueue,
            RequestId: "", run.FirstRunId, Identity: "", command.Input, command.Header, command.Memo ?? run.Memo, command.SearchAttributes ?? run.SearchAttributes,
            command.RetryPolicy, ExecutionTimeout: null, command.WorkflowRunTimeout, command.WorkflowTaskTimeout, run.Parent,
            ContinuedFrom: run, command.Initiator, command.Failure, command.LastCompletionResult);
        var newRunId = NewRunId();
        run.NewRunId = newRunId;
        Append(run, new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionContinuedAsNew,
            WorkflowExecutionContinuedAsNewEventAttributes = new()
            {
                NewExecutionRunId = newRunId,
                WorkflowType = new WorkflowType { Name = next.WorkflowType },
                TaskQueue = new TaskQueue { Name = next.TaskQueue, Kind = TaskQueueKind.Normal },
                Input = command.Input,
                WorkflowRunTimeout = command.WorkflowRunTimeout,
                WorkflowTaskTimeout = command.WorkflowTaskTimeout,
                WorkflowTaskCompletedEventId = completedId,
                Header = command.Header,
                Memo = command.Memo,
                SearchAttributes = command.SearchAttributes,
                Initiator = command.Initiator,
                Failure = command.Failure,
                LastCompletionResult = command.LastCompletionResult,
            },
        });
        Close(run, WorkflowExecutionStatus.ContinuedAsNew);
        StartRun(next with { RequestId = newRunId }, signal: null, newRunId);
    }

    private void InitiateChild(WorkflowExecution parent, StartChildWorkflowExecutionCommandAttributes command, long completedId, List<Action> deferred)
    {
        var @namespace = string.IsNullOrEmpty(command.Namespace) ? parent.Namespace : command.Namespace;
        var initiatedId = Append(parent, new HistoryEvent
        {
            EventType = EventType.StartChildWorkflowExecutionInitiated,
            StartChildWorkflowExecutionInitiatedEventAttributes = new()
            {
                Namespace = @namespace,
                WorkflowId = command.WorkflowId,
                WorkflowType = command.WorkflowType,
                TaskQueue = command.TaskQueue,
                Input = command.Input,
                WorkflowExecutionTimeout = command.WorkflowExecutionTimeout,
                WorkflowRunTimeout = command.WorkflowRunTimeout,
                WorkflowTaskTimeout = command.WorkflowTaskTimeout,
                ParentClosePolicy = command.ParentClosePolicy,
                Control = command.Control,
                WorkflowTaskCompletedEventId = completedId,
                WorkflowIdReusePolicy = command.WorkflowIdReusePolicy,
                RetryPolicy = command.RetryPolicy,
                CronSchedule = command.CronSchedule,
                Header = command.Header,
                Memo = command.Memo,
                SearchAttributes = command.SearchAttributes,
            },
        });
        var child = new ChildState
        {
            InitiatedEventId = initiatedId,
            Namespace = @namespace,
            WorkflowId = command.WorkflowId,
            WorkflowType = command.WorkflowType.Name,
            ClosePolicy = command.ParentClosePolicy == ParentClosePolicy.Unspecified ? ParentClosePolicy.Terminate : command.ParentClosePolicy,
        };
        parent.Children[initiatedId] = child;
        deferred.Add(() => StartChild(parent, child, command));
    }

    private void StartChild(WorkflowExecution parent, ChildState child, StartChildWorkflowExecutionCommandAttributes command)
    {
        var existing = FindRun(child.Namespace, child.WorkflowId, null);
        var blocked = existing is { IsOpen: true }
            || (existing is not null && command.WorkflowIdReusePolicy == WorkflowIdReusePolicy.RejectDuplicate);
        if (blocked || !Namespaces.Exists(child.Namespace))
        {
            parent.Children.Remove(child.InitiatedEventId);
            AddExternal(parent, () => Append(parent, new HistoryEvent
            {
                EventType = EventType.StartChildWorkflowExecutionFailed,
                StartChildWorkflowExecutionFailedEventAttributes = new()
                {
                    Namespace = child.Namespace,
                    WorkflowId = child.WorkflowId,
                    WorkflowType = command.WorkflowType,
                    Cause = StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists,
                    Control = command.Control,
                    InitiatedEventId = child.InitiatedEventId,
                },
            }));
            return;
        }
        var run = StartRun(new StartRunInput(child.Namespace, child.WorkflowId, child.WorkflowType,
            command.TaskQueue?.Name is { Length: > 0 } queue ? queue : parent.TaskQueue, RequestId: "", FirstRunId: null, Identity: "",
            command.Input, command.Header, command.Memo, command.SearchAttributes, command.RetryPolicy, command.WorkflowExecutionTimeout,
            command.WorkflowRunTimeout, command.WorkflowTaskTimeout,
            new ParentLink(parent.Namespace, parent.WorkflowId, parent.RunId, child.InitiatedEventId, child.ClosePolicy),
            ContinuedFrom: null, ContinueAsNewInitiator.Unspecified), signal: null);
        child.RunId = run.RunId;
        AddExternal(parent, () => child.StartedEventId = Append(parent, new HistoryEvent
        {
            EventType = EventType.ChildWorkflowExecutionStarted,
            ChildWorkflowExecutionStartedEventAttributes = new()
            {
                Namespace = child.Namespace,
                InitiatedEventId = child.InitiatedEventId,
                WorkflowExecution = run.Ref,
                WorkflowType = command.WorkflowType,
                Header = command.Header,
            },
        }));
    }

    /// <summary>Tells the parent (if any, and still open) how its child's chain of runs ended.</summary>
    private void NotifyParent(WorkflowExecution run)
    {
        if (run.Parent is not { } link || FindRun(link.Namespace, link.WorkflowId, link.RunId) is not { IsOpen: true } parent
            || !parent.Children.TryGetValue(link.InitiatedEventId, out var child))
        {
            return;
        }
        var closeEvent = run.LastEvent;
        var execution = run.Ref;
        var type = new WorkflowType { Name = run.WorkflowType };
        AddExternal(parent, () =>
        {
            parent.Children.Remove(child.InitiatedEventId);
            var e = new HistoryEvent();
            switch (run.Status)
            {
                case WorkflowExecutionStatus.Completed:
                    e.EventType = EventType.ChildWorkflowExecutionCompleted;
                    e.ChildWorkflowExecutionCompletedEventAttributes = new()
                    {
                        Result = closeEvent.WorkflowExecutionCompletedEventAttributes.Result,
                        Namespace = child.Namespace,
                        WorkflowExecution = execution,
                        WorkflowType = type,
                        InitiatedEventId = child.InitiatedEventId,
                        StartedEventId = child.StartedEventId,
                    };
                    break;
                case WorkflowExecutionStatus.Failed:
                    e.EventType = EventType.ChildWorkflowExecutionFailed;
                    e.ChildWorkflowExecutionFailedEventAttributes = new()
                    {
                        Failure = closeEvent.WorkflowExecutionFailedEventAttributes.Failure,
                        Namespace = child.Namespace,
                        WorkflowExecution = execution,
                        WorkflowType = type,
                        InitiatedEventId = child.InitiatedEventId,
                        StartedEventId = child.StartedEventId,
                        RetryState = closeEvent.WorkflowExecutionFailedEventAttributes.RetryState,
                    };
                    break;
                case WorkflowExecutionStatus.Canceled:
                    e.EventType = EventType.ChildWorkflowExecutionCanceled;
                    e.ChildWorkflowExecutionCanceledEventAttributes = new()
                    {
                        Details = closeEvent.WorkflowExecutionCanceledEventAttributes.Details,
                        Namespace = child.Namespace,
                        WorkflowExecution = execution,
                        WorkflowType = type,
                        InitiatedEventId = child.InitiatedEventId,
                        StartedEventId = child.StartedEventId,
                    };
                    break;
                case WorkflowExecutionStatus.TimedOut:
                    e.EventType = EventType.ChildWorkflowExecutionTimedOut;
                    e.ChildWorkflowExecutionTimedOutEventAttributes = new()
                    {
                        Namespace = child.Namespace,
                        WorkflowExecution = execution,
                        WorkflowType = type,
                        InitiatedEventId = child.InitiatedEventId,
                        StartedEventId = child.StartedEventId,
                        RetryState = RetryState.Timeout,
                    };
                    break;
                default:
                    e.EventType = EventType.ChildWorkflowExecutionTerminated;
                    e.ChildWorkflowExecutionTerminatedEventAttributes = new()
                    {
                        Namespace = child.Namespace,
                        WorkflowExecution = execution,
                        WorkflowType = type,
                        InitiatedEventId = child.InitiatedEventId,
                        StartedEventId = child.StartedEventId,
                    };
                    break;
            }
            Append(parent, e);
        });
    }

    private void ApplyParentClosePolicy(WorkflowExecution parent)
    {
        foreach (var child in parent.Children.Values.ToList())
        {
            if (child.RunId is null || FindRun(child.Namespace, child.WorkflowId, null) is not { IsOpen: true } run || run.Parent?.RunId != parent.RunId)
            {
                continue;
            }
            switch (child.ClosePolicy)
            {
                case ParentClosePolicy.Terminate:
                    Terminate(run, "by parent close policy", "temporalflow-emulator");
                    break;
                case ParentClosePolicy.RequestCancel:
                    RequestCancel(run, new WorkflowExecutionCancelRequestedEventAttributes { Cause = "by parent close policy", Identity = "temporalflow-emulator" });
                    break;
                default:
                    break;
            }
        }
    }
}
