using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed record StartRunInput(
    string Namespace, string WorkflowId, string WorkflowType, string TaskQueue, string RequestId, string? FirstRunId, string Identity,
    Payloads? Input, Header? Header, Memo? Memo, SearchAttributes? SearchAttributes, RetryPolicy? RetryPolicy,
    Duration? ExecutionTimeout, Duration? RunTimeout, Duration? TaskTimeout, ParentLink? Parent,
    WorkflowExecution? ContinuedFrom, ContinueAsNewInitiator Initiator, Failure? ContinuedFailure = null, Payloads? LastCompletionResult = null);

internal sealed partial class EmulatorEngine
{
    /// <summary>Creates a run, writes its started event (and a signal, for signal-with-start) and schedules its first workflow task.</summary>
    private WorkflowExecution StartRun(StartRunInput input, WorkflowExecutionSignaledEventAttributes? signal, string? runId = null)
    {
        runId ??= NewRunId();
        var now = Clock.Now;
        var run = new WorkflowExecution
        {
            Namespace = input.Namespace,
            WorkflowId = input.WorkflowId,
            RunId = runId,
            FirstRunId = input.FirstRunId ?? runId,
            WorkflowType = input.WorkflowType,
            TaskQueue = input.TaskQueue,
            StartRequestId = string.IsNullOrEmpty(input.RequestId) ? Guid.NewGuid().ToString() : input.RequestId,
            StartTime = now,
            WorkflowTaskTimeout = Positive(input.TaskTimeout) ?? TimeSpan.FromSeconds(10),
            RunTimeout = Positive(input.RunTimeout),
            ExecutionTimeout = Positive(input.ExecutionTimeout),
            Parent = input.Parent,
            Memo = input.Memo?.Clone() ?? new Memo(),
            SearchAttributes = input.SearchAttributes?.Clone() ?? new SearchAttributes(),
        };
        Track(run);

        var started = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = new WorkflowType { Name = input.WorkflowType },
            TaskQueue = new TaskQueue { Name = input.TaskQueue, Kind = TaskQueueKind.Normal },
            Input = input.Input,
            WorkflowExecutionTimeout = input.ExecutionTimeout,
            WorkflowRunTimeout = input.RunTimeout,
            WorkflowTaskTimeout = Duration.FromTimeSpan(run.WorkflowTaskTimeout),
            Identity = input.Identity,
            OriginalExecutionRunId = runId,
            FirstExecutionRunId = run.FirstRunId,
            Attempt = 1,
            Header = input.Header,
            Memo = input.Memo,
            SearchAttributes = input.SearchAttributes,
            RetryPolicy = input.RetryPolicy,
            ContinuedExecutionRunId = input.ContinuedFrom?.RunId ?? "",
            Initiator = input.Initiator,
            ContinuedFailure = input.ContinuedFailure,
            LastCompletionResult = input.LastCompletionResult,
            WorkflowId = input.WorkflowId,
        };
        if (input.Parent is { } parent)
        {
            started.ParentWorkflowNamespace = parent.Namespace;
            started.ParentWorkflowNamespaceId = parent.Namespace;
            started.ParentWorkflowExecution = new() { WorkflowId = parent.WorkflowId, RunId = parent.RunId };
            started.ParentInitiatedEventId = parent.InitiatedEventId;
        }
        if (run.ExecutionTimeout is { } executionTimeout)
        {
            started.WorkflowExecutionExpirationTime = Timestamp.FromDateTime(now + executionTimeout);
        }
        Append(run, new HistoryEvent { EventType = EventType.WorkflowExecutionStarted, WorkflowExecutionStartedEventAttributes = started });
        if (signal is not null)
        {
            run.SignalCount++;
            Append(run, new HistoryEvent { EventType = EventType.WorkflowExecutionSignaled, WorkflowExecutionSignaledEventAttributes = signal });
        }

        var deadline = new[] { run.RunTimeout, run.ExecutionTimeout }.Where(t => t is not null).Min();
        if (deadline is { } timeout)
        {
            Clock.Schedule(timeout, () => TimeOutRun(run));
        }
        ScheduleWorkflowTask(run);
        LogRun(logger, "Started", run.WorkflowId, run.RunId);
        return run;
    }

    private void TimeOutRun(WorkflowExecution run)
    {
        if (!run.IsOpen)
        {
            return;
        }
        Append(run, new HistoryEvent
        {
            EventType = EventType.WorkflowExecutionTimedOut,
            WorkflowExecutionTimedOutEventAttributes = new() { RetryState = RetryState.Timeout },
        });
        Close(run, WorkflowExecutionStatus.TimedOut);
    }

    /// <summary>Closes a run: releases its tasks and timers, tells its parent, applies the parent-close policy to its children.</summary>
    private void Close(WorkflowExecution run, WorkflowExecutionStatus status)
    {
        run.Status = status;
        run.CloseTime = Clock.Now;
        run.WorkflowTask?.Timeout?.Cancel();
        run.WorkflowTask = null;
        run.StickyQueue = null;
        run.Buffered.Clear();
        foreach (var activity in run.Activities.Values)
        {
            CancelActivityTimers(activity);
            activity.Closed = true;
        }
        foreach (var timer in run.Timers.Values)
        {
            timer.Handle.Cancel();
        }
        openRuns.Remove(run);
        // A parent learns how the chain of runs ended, not of each continue-as-new link.
        if (status != WorkflowExecutionStatus.ContinuedAsNew)
        {
            NotifyParent(run);
        }
        ApplyParentClosePolicy(run);
        DispatchWaitingQueries(run);
        run.NotifyChanged();
        LogClosed(logger, status, run.WorkflowId, run.RunId);
        // Kept for the namespace's retention, then deleted, history and all, as the server's retention deletes it. Not a
        // timer: time skipping jumps to the next workflow timer, and retention must not be one.
        expiring.Enqueue(run, run.CloseTime.Value + Namespaces.RetentionOf(run.Namespace));
    }

    /// <summary>Deletes the closed runs whose retention has passed; called (lock held) by the operations that find or add runs.</summary>
    private void ForgetExpired()
    {
        var forgotten = 0;
        while (expiring.TryPeek(out var run, out var due) && due <= Clock.Now)
        {
            expiring.Dequeue();
            Forget(run);
            forgotten++;
        }
        if (forgotten >= 10_000)
        {
            // The tables keep the capacity of their largest size: give it back after a large deletion.
            runsByRunId.TrimExcess();
            runsByWorkflowId.TrimExcess();
            expiring.TrimExcess();
        }
    }

    /// <summary>Deletes a closed run: describe, history and list no longer find it, and its workflow id is free again.</summary>
    private void Forget(WorkflowExecution run)
    {
        runsByRunId.Remove(run.RunId);
        var key = (run.Namespace, run.WorkflowId);
        if (runsByWorkflowId.TryGetValue(key, out var runs) && runs.Remove(run) && runs.Count == 0)
        {
            runsByWorkflowId.Remove(key);
        }
    }
}
