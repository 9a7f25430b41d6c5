using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

/// <summary>
/// The real server's limits (<see cref="EmulatorLimits"/>), refused as it refuses them: requests get InvalidArgument with the
/// server's message; a workflow task whose commands break one fails (or terminates the run) before any command is written.
/// </summary>
internal sealed partial class EmulatorEngine
{
    /// <summary>The identity the real server writes on what it does by itself (terminations for limits).</summary>
    private const string HistoryServiceIdentity = "history-service";

    private EmulatorLimits Limits => options.Limits;

    private void CheckStart(StartWorkflowExecutionRequest request)
    {
        CheckId(request.WorkflowId, "WorkflowId");
        CheckId(request.WorkflowType?.Name, "WorkflowType");
        CheckId(request.RequestId, "RequestId");
        CheckId(request.Identity, "Identity");
        if (Utf8Length(request.TaskQueue?.Name) > Limits.MaxIdLength)
        {
            throw RpcErrors.InvalidArgument("taskQueue length exceeds limit");
        }
        CheckBlob(request.Input);
        CheckNotEmulated(request.CronSchedule, request.RetryPolicy);
        SearchAttributes.Validate(request.Namespace, request.SearchAttributes);
        if (request.Memo is { } memo && memo.CalculateSize() > Limits.MemoSizeError)
        {
            throw RpcErrors.InvalidArgument("Memo size exceeds limit.");
        }
    }

    private void CheckSignal(string? signalName, string? requestId, string? identity, IMessage? input)
    {
        CheckId(signalName, "SignalName");
        CheckId(requestId, "RequestId");
        CheckId(identity, "Identity");
        CheckBlob(input);
    }

    /// <summary>What the emulator cannot do is refused, never accepted and ignored: workflow cron schedules and retries.</summary>
    private static void CheckNotEmulated(string? cronSchedule, Temporalio.Api.Common.V1.RetryPolicy? retryPolicy)
    {
        if (NotEmulated(cronSchedule, retryPolicy) is { } reason)
        {
            throw RpcErrors.InvalidArgument(reason);
        }
    }

    private static string? NotEmulated(string? cronSchedule, Temporalio.Api.Common.V1.RetryPolicy? retryPolicy) =>
        !string.IsNullOrEmpty(cronSchedule)
            ? "The emulator does not run cron schedules (a real server does): start the workflow without one, or use a real server."
            : retryPolicy is not null
                ? "The emulator does not retry workflows (a real server does): start the workflow without a retry policy, or use a real server."
                : null;

    /// <summary>What a client's signal gets from a run that has taken history.maximumSignalsPerExecution signals.</summary>
    private static Grpc.Core.RpcException SignalsLimitExceeded() => RpcErrors.InvalidArgument("exceeded workflow execution limit for signal events");

    private void CheckId(string? value, string name)
    {
        if (Utf8Length(value) > Limits.MaxIdLength)
        {
            throw RpcErrors.InvalidArgument($"{name} length exceeds limit.");
        }
    }

    private void CheckBlob(IMessage? payload)
    {
        if (IsOverBlobLimit(payload))
        {
            throw RpcErrors.InvalidArgument("Blob data size exceeds limit.");
        }
    }

    private bool IsOverBlobLimit(IMessage? payload) => payload is not null && payload.CalculateSize() > Limits.BlobSizeError;

    /// <summary>
    /// What a workflow task's commands would break, in command order, or null. Payloads over the blob limit terminate the run
    /// (cause and message as the server writes them); pending activities, children, signals and cancel requests at their limit
    /// fail the task.
    /// </summary>
    private CommandViolation? FindCommandViolation(WorkflowExecution run, IEnumerable<Command> commands)
    {
        var activities = run.Activities.Count;
        var children = run.Children.Count;
        var signals = 0;
        var cancels = 0;
        foreach (var command in commands)
        {
            var violation = SearchAttributesViolation(run.Namespace, command) ?? command.AttributesCase switch
            {
                Command.AttributesOneofCase.ScheduleActivityTaskCommandAttributes =>
                    Oversized(command.ScheduleActivityTaskCommandAttributes.Input, WorkflowTaskFailedCause.BadScheduleActivityAttributes,
                        "ScheduleActivityTaskCommandAttributes.Input exceeds size limit.")
                    ?? Pending(ref activities, Limits.PendingActivities, WorkflowTaskFailedCause.PendingActivitiesLimitExceeded, "pending activities"),
                Command.AttributesOneofCase.CompleteWorkflowExecutionCommandAttributes =>
                    // The server names the activity cause here too.
                    Oversized(command.CompleteWorkflowExecutionCommandAttributes.Result, WorkflowTaskFailedCause.BadScheduleActivityAttributes,
                        "CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit."),
                Command.AttributesOneofCase.FailWorkflowExecutionCommandAttributes =>
                    Oversized(command.FailWorkflowExecutionCommandAttributes.Failure, WorkflowTaskFailedCause.BadFailWorkflowExecutionAttributes,
                        "FailWorkflowExecutionCommandAttributes.Failure exceeds size limit."),
                Command.AttributesOneofCase.RecordMarkerCommandAttributes =>
                    command.RecordMarkerCommandAttributes.Details.Values.Sum(p => (long)p.CalculateSize()) > Limits.BlobSizeError
                        ? new CommandViolation(WorkflowTaskFailedCause.BadRecordMarkerAttributes, "RecordMarkerCommandAttributes.Details exceeds size limit.", true)
                        : null,
                Command.AttributesOneofCase.ContinueAsNewWorkflowExecutionCommandAttributes =>
                    Oversized(command.ContinueAsNewWorkflowExecutionCommandAttributes.Input, WorkflowTaskFailedCause.BadContinueAsNewAttributes,
                        "ContinueAsNewWorkflowExecutionCommandAttributes. Input exceeds size limit."),
                Command.AttributesOneofCase.StartChildWorkflowExecutionCommandAttributes =>
                    NotEmulated(command.StartChildWorkflowExecutionCommandAttributes.CronSchedule,
                        command.StartChildWorkflowExecutionCommandAttributes.RetryPolicy) is { } notEmulated
                        ? new CommandViolation(WorkflowTaskFailedCause.BadStartChildExecutionAttributes, notEmulated, TerminatesRun: false)
                        : Oversized(command.StartChildWorkflowExecutionCommandAttributes.Input, WorkflowTaskFailedCause.BadStartChildExecutionAttributes,
                        "StartChildWorkflowExecutionCommandAttributes. Input exceeds size limit.")
                    ?? Pending(ref children, Limits.PendingChildExecutions, WorkflowTaskFailedCause.PendingChildWorkflowsLimitExceeded,
                        "pending child workflow executions"),
                Command.AttributesOneofCase.SignalExternalWorkflowExecutionCommandAttributes =>
                    Oversized(command.SignalExternalWorkflowExecutionCommandAttributes.Input, WorkflowTaskFailedCause.BadSignalWorkflowExecutionAttributes,
                        "SignalExternalWorkflowExecutionCommandAttributes.Input exceeds size limit.")
                    ?? Pending(ref signals, Limits.PendingSignals, WorkflowTaskFailedCause.PendingSignalsLimitExceeded, "pending signals to external workflows"),
                Command.AttributesOneofCase.RequestCancelExternalWorkflowExecutionCommandAttributes =>
                    Pending(ref cancels, Limits.PendingCancelRequests, WorkflowTaskFailedCause.PendingRequestCancelLimitExceeded,
                        "pending requests to cancel external workflows"),
                _ => null,
            };
            if (violation is not null)
            {
                return violation;
            }
        }
        return null;
    }

    /// <summary>Fails the workflow task for a broken limit, and terminates the run when the server does (payload sizes).</summary>
    private void RefuseCommands(WorkflowExecution run, WorkflowTaskState task, CommandViolation violation, string identity)
    {
        FailWorkflowTask(run, task, violation.Cause, new() { Message = violation.Message, ServerFailureInfo = new() { NonRetryable = true } }, identity);
        if (violation.TerminatesRun && run.IsOpen)
        {
            run.WorkflowTask = null; // the retry the failure scheduled dies with the run
            Terminate(run, $"{OriginalName(violation.Cause)}: {violation.Message}", HistoryServiceIdentity);
        }
    }

    /// <summary>
    /// limit.historySize.error and limit.historyCount.error: a run whose history grew past either is terminated with the
    /// server's reason, once what grew it is written.
    /// </summary>
    private void EnforceHistoryLimits(WorkflowExecution run)
    {
        if (!run.IsOpen)
        {
            return;
        }
        var reason = run.HistoryBytes > Limits.HistorySizeError ? "Workflow history size exceeds limit."
            : run.History.Count > Limits.HistoryCountError ? "Workflow history count exceeds limit."
            : null;
        if (reason is not null)
        {
            run.WorkflowTask = null;
            Terminate(run, reason, HistoryServiceIdentity);
        }
    }

    private bool SuggestsContinueAsNew(WorkflowExecution run) =>
        run.History.Count >= Limits.HistoryCountSuggestContinueAsNew || run.HistoryBytes >= Limits.HistorySizeSuggestContinueAsNew;

    /// <summary>A command that writes search attributes the namespace has not registered fails the task, as the server fails it.</summary>
    private CommandViolation? SearchAttributesViolation(string ns, Command command)
    {
        var attributes = command.AttributesCase switch
        {
            Command.AttributesOneofCase.UpsertWorkflowSearchAttributesCommandAttributes => command.UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes,
            Command.AttributesOneofCase.StartChildWorkflowExecutionCommandAttributes => command.StartChildWorkflowExecutionCommandAttributes.SearchAttributes,
            Command.AttributesOneofCase.ContinueAsNewWorkflowExecutionCommandAttributes => command.ContinueAsNewWorkflowExecutionCommandAttributes.SearchAttributes,
            _ => null,
        };
        return SearchAttributes.Problem(ns, attributes) is { } problem
            ? new CommandViolation(WorkflowTaskFailedCause.BadSearchAttributes, problem, TerminatesRun: false)
            : null;
    }

    private CommandViolation? Oversized(IMessage? payload, WorkflowTaskFailedCause cause, string message) =>
        IsOverBlobLimit(payload) ? new CommandViolation(cause, message, TerminatesRun: true) : null;

    private static CommandViolation? Pending(ref int pending, int limit, WorkflowTaskFailedCause cause, string what)
    {
        if (pending >= limit)
        {
            return new CommandViolation(cause, $"the number of {what}, {pending}, has reached the per-workflow limit of {limit}", TerminatesRun: false);
        }
        pending++;
        return null;
    }

    private static int Utf8Length(string? value) => value is null ? 0 : Encoding.UTF8.GetByteCount(value);

    /// <summary>The enum value's name in the API (WORKFLOW_TASK_FAILED_CAUSE_…), as the server prints it.</summary>
    private static string OriginalName(WorkflowTaskFailedCause cause) =>
        typeof(WorkflowTaskFailedCause).GetField(cause.ToString())?.GetCustomAttributes(typeof(OriginalNameAttribute), false)
            .OfType<OriginalNameAttribute>().FirstOrDefault()?.Name ?? cause.ToString();

    private sealed record CommandViolation(WorkflowTaskFailedCause Cause, string Message, bool TerminatesRun);
}
