using Google.Protobuf.WellKnownTypes;
using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    public StartWorkflowExecutionResponse StartWorkflowExecution(StartWorkflowExecutionRequest request)
    {
        CheckStart(request);
        lock (sync)
        {
            var (run, started) = StartOrReuse(request, signal: null);
            return new StartWorkflowExecutionResponse { RunId = run.RunId, Started = started, Status = run.Status };
        }
    }

    public SignalWithStartWorkflowExecutionResponse SignalWithStartWorkflowExecution(SignalWithStartWorkflowExecutionRequest request)
    {
        RpcErrors.Required(request.SignalName, "SignalName");
        var start = new StartWorkflowExecutionRequest
        {
            Namespace = request.Namespace,
            WorkflowId = request.WorkflowId,
            WorkflowType = request.WorkflowType,
            TaskQueue = request.TaskQueue,
            Input = request.Input,
            WorkflowExecutionTimeout = request.WorkflowExecutionTimeout,
            WorkflowRunTimeout = request.WorkflowRunTimeout,
            WorkflowTaskTimeout = request.WorkflowTaskTimeout,
            Identity = request.Identity,
            RequestId = request.RequestId,
            WorkflowIdReusePolicy = request.WorkflowIdReusePolicy,
            WorkflowIdConflictPolicy = request.WorkflowIdConflictPolicy,
            RetryPolicy = request.RetryPolicy,
            CronSchedule = request.CronSchedule,
            Memo = request.Memo,
            SearchAttributes = request.SearchAttributes,
            Header = request.Header,
        };
        var signal = new WorkflowExecutionSignaledEventAttributes
        {
            SignalName = request.SignalName,
            Input = request.SignalInput,
            Identity = request.Identity,
            Header = request.Header,
        };
        CheckStart(start);
        CheckSignal(request.SignalName, null, null, request.SignalInput);
        lock (sync)
        {
            Namespaces.EnsureExists(request.Namespace);
            var current = FindRun(request.Namespace, RpcErrors.Required(request.WorkflowId, "WorkflowId"), null);
            if (current is { IsOpen: true } && request.WorkflowIdConflictPolicy != WorkflowIdConflictPolicy.TerminateExisting)
            {
                if (!Signal(current, signal, request.RequestId))
                {
                    throw SignalsLimitExceeded();
                }
                return new SignalWithStartWorkflowExecutionResponse { RunId = current.RunId, Started = false };
            }
            // Signal-with-start never fails on a running workflow: it signals it (unless told to terminate it).
            start.WorkflowIdConflictPolicy = WorkflowIdConflictPolicy.TerminateExisting;
            var (run, started) = StartOrReuse(start, signal);
            return new SignalWithStartWorkflowExecutionResponse { RunId = run.RunId, Started = started };
        }
    }

    public SignalWorkflowExecutionResponse SignalWorkflowExecution(SignalWorkflowExecutionRequest request)
    {
        CheckSignal(request.SignalName, request.RequestId, request.Identity, request.Input);
        lock (sync)
        {
            var run = RequireOpenRun(request.Namespace, request.WorkflowExecution);
            var accepted = Signal(run, new WorkflowExecutionSignaledEventAttributes
            {
                SignalName = RpcErrors.Required(request.SignalName, "SignalName"),
                Input = request.Input,
                Identity = request.Identity,
                Header = request.Header,
            }, request.RequestId);
            if (!accepted)
            {
                throw SignalsLimitExceeded();
            }
            return new SignalWorkflowExecutionResponse();
        }
    }

    public TerminateWorkflowExecutionResponse TerminateWorkflowExecution(TerminateWorkflowExecutionRequest request)
    {
        lock (sync)
        {
            var run = RequireOpenRun(request.Namespace, request.WorkflowExecution);
            if (!string.IsNullOrEmpty(request.FirstExecutionRunId) && run.FirstRunId != request.FirstExecutionRunId)
            {
                throw RpcErrors.NotFound("workflow execution not found for the given first execution run ID");
            }
            Terminate(run, request.Reason, request.Identity, request.Details);
            return new TerminateWorkflowExecutionResponse();
        }
    }

    public RequestCancelWorkflowExecutionResponse RequestCancelWorkflowExecution(RequestCancelWorkflowExecutionRequest request)
    {
        lock (sync)
        {
            var run = RequireOpenRun(request.Namespace, request.WorkflowExecution);
            RequestCancel(run, new WorkflowExecutionCancelRequestedEventAttributes { Cause = request.Reason, Identity = request.Identity });
            return new RequestCancelWorkflowExecutionResponse();
        }
    }

    /// <summary>
    /// Delivers a signal (once per request id); false, and nothing delivered, when the run has taken
    /// history.maximumSignalsPerExecution signals. Each caller answers that as the server does.
    /// </summary>
    private bool Signal(WorkflowExecution run, WorkflowExecutionSignaledEventAttributes signal, string requestId)
    {
        // A retried signal RPC carries the same request id: deliver it once.
        if (!string.IsNullOrEmpty(requestId) && run.SignalRequestIds.Contains(requestId))
        {
            return true;
        }
        if (run.SignalCount >= Limits.MaxSignalsPerExecution)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(requestId))
        {
            run.SignalRequestIds.Add(requestId);
        }
        run.SignalCount++;
        AddExternal(run, () => Append(run, new HistoryEvent { EventType = EventType.WorkflowExecutionSignaled, WorkflowExecutionSignaledEventAttributes = signal }));
        return true;
    }

    private void RequestCancel(WorkflowExecution run, WorkflowExecutionCancelRequestedEventAttributes cancel)
    {
        if (run.CancelRequested)
        {
            return;
        }
        run.CancelRequested = true;
        AddExternal(run, () => Append(run, new HistoryEvent { EventType = EventType.WorkflowExecutionCancelRequested, WorkflowExecutionCancelRequestedEventAttributes = cancel }));
    }

    private void Terminate(WorkflowExecution run, string reason, string identity, Temporalio.Api.Common.V1.Payloads? details = null)
    {
        // Termination does not wait for a running workflow task: it is written at once and the task's result will be refused.
        Append(run, new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionTerminated,
            WorkflowExecutionTerminatedEventAttributes = new() { Reason = reason, Identity = identity, Details = details },
        });
        Close(run, WorkflowExecutionStatus.Terminated);
    }

    /// <summary>Applies request-id de-duplication, the id conflict policy and the id reuse policy, then starts a run.</summary>
    private (WorkflowExecution Run, bool Started) StartOrReuse(StartWorkflowExecutionRequest request, WorkflowExecutionSignaledEventAttributes? signal)
    {
        Namespaces.EnsureExists(request.Namespace);
        var workflowId = RpcErrors.Required(request.WorkflowId, "WorkflowId");
        RpcErrors.Required(request.WorkflowType?.Name, "WorkflowType");
        RpcErrors.Required(request.TaskQueue?.Name, "TaskQueue");
        ValidateTimeouts(request);

        var current = FindRun(request.Namespace, workflowId, null);
        if (current is not null && !string.IsNullOrEmpty(request.RequestId) && current.StartRequestId == request.RequestId)
        {
            return (current, false);
        }
        if (current is { IsOpen: true })
        {
            switch (request.WorkflowIdConflictPolicy)
            {
                case WorkflowIdConflictPolicy.UseExisting:
                    return (current, false);
                case WorkflowIdConflictPolicy.TerminateExisting:
                    Terminate(current, "terminated by a new start with TerminateExisting", request.Identity);
                    break;
                default:
                    if (request.WorkflowIdReusePolicy == WorkflowIdReusePolicy.TerminateIfRunning)
                    {
                        Terminate(current, "terminated by a new start with TerminateIfRunning", request.Identity);
                        break;
                    }
                    throw AlreadyStarted(current);
            }
        }
        else if (current is not null)
        {
            var lastFailed = current.Status is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.Canceled
                or WorkflowExecutionStatus.Terminated or WorkflowExecutionStatus.TimedOut;
            if (request.WorkflowIdReusePolicy == WorkflowIdReusePolicy.RejectDuplicate
                || (request.WorkflowIdReusePolicy == WorkflowIdReusePolicy.AllowDuplicateFailedOnly && !lastFailed))
            {
                throw AlreadyStarted(current);
            }
        }

        var run = StartRun(new StartRunInput(request.Namespace, workflowId, request.WorkflowType!.Name, request.TaskQueue!.Name,
            request.RequestId, FirstRunId: null, request.Identity, request.Input, request.Header, request.Memo, request.SearchAttributes,
            request.RetryPolicy, request.WorkflowExecutionTimeout, request.WorkflowRunTimeout, request.WorkflowTaskTimeout, Parent: null,
            ContinuedFrom: null, Initiator: ContinueAsNewInitiator.Unspecified), signal);
        return (run, true);
    }

    private static void ValidateTimeouts(StartWorkflowExecutionRequest request)
    {
        foreach (var (name, value) in new[] { ("WorkflowExecutionTimeout", request.WorkflowExecutionTimeout),
            ("WorkflowRunTimeout", request.WorkflowRunTimeout), ("WorkflowTaskTimeout", request.WorkflowTaskTimeout) })
        {
            if (value is not null && value.ToTimeSpan() < TimeSpan.Zero)
            {
                throw RpcErrors.InvalidArgument($"Invalid {name}: it must not be negative.");
            }
        }
    }

    private static Grpc.Core.RpcException AlreadyStarted(WorkflowExecution run) => RpcErrors.AlreadyExists(
        $"Workflow execution is already running. WorkflowId: {run.WorkflowId}, RunId: {run.RunId}.",
        new WorkflowExecutionAlreadyStartedFailure { StartRequestId = run.StartRequestId, RunId = run.RunId });

    private static TimeSpan? Positive(Duration? duration) =>
        duration is null || duration.ToTimeSpan() <= TimeSpan.Zero ? null : duration.ToTimeSpan();
}
