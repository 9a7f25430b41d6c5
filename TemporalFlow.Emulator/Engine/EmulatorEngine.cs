using Microsoft.Extensions.Logging;
using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using ExecutionRef = Temporalio.Api.Common.V1.WorkflowExecution;

namespace TemporalFlow.Emulator.Engine;

/// <summary>
/// The in-memory Temporal server state. One lock guards everything: each RPC holds it for microseconds,
/// and a single lock keeps the ordering rules of history simple.
/// </summary>
internal sealed partial class EmulatorEngine : IAsyncDisposable
{
    private readonly Lock sync = new();
    private readonly EmulatorOptions options;
    private readonly ILogger logger;
    private readonly Dictionary<(string Namespace, string WorkflowId), List<WorkflowExecution>> runsByWorkflowId = [];
    private readonly Dictionary<string, WorkflowExecution> runsByRunId = new(StringComparer.Ordinal);
    private readonly HashSet<WorkflowExecution> openRuns = [];
    private readonly PriorityQueue<WorkflowExecution, DateTime> expiring = new(); // closed runs by the end of their retention
    private long nextTaskId;

    public EmulatorEngine(EmulatorOptions options, ILogger<EmulatorEngine> logger)
    {
        this.options = options;
        this.logger = logger;
        Namespaces = new NamespaceRegistry(options.Namespaces);
        if (options.SearchAttributes.Count > 0)
        {
            foreach (var ns in Namespaces.Names)
            {
                SearchAttributes.Add(new() { Namespace = ns, SearchAttributes = { options.SearchAttributes.ToDictionary() } });
            }
        }
        Clock = new EmulatorClock(sync, IsIdle, ex => LogTimerFailed(logger, ex)) { TimeSkippingEnabled = options.TimeSkipping };
        workflowQueues = new(() => Clock.Now);
        activityQueues = new(() => Clock.Now);
    }

    public NamespaceRegistry Namespaces { get; }

    /// <summary>The search attributes each namespace may write (the OperatorService registers custom ones).</summary>
    public SearchAttributeRegistry SearchAttributes { get; } = new();

    public EmulatorClock Clock { get; }

    public static GetSystemInfoResponse SystemInfo() => new()
    {
        ServerVersion = "1.27.0-temporalflow-emulator",
        Capabilities = new GetSystemInfoResponse.Types.Capabilities
        {
            SignalAndQueryHeader = true,
            InternalErrorDifferentiation = true,
            ActivityFailureIncludeHeartbeat = true,
            EncodedFailureAttributes = true,
            UpsertMemo = true,
            SdkMetadata = true,
        },
    };

    public ValueTask DisposeAsync() => Clock.DisposeAsync();

    /// <summary>Appends an event to a run's history now. Caller holds the lock.</summary>
    private long Append(WorkflowExecution execution, HistoryEvent historyEvent) =>
        execution.Append(historyEvent, Clock.Now, ++nextTaskId);

    /// <summary>
    /// Records something that happened to a run from outside (signal, activity result, timer, child event):
    /// held back while a workflow task runs, otherwise appended at once with a workflow task to handle it.
    /// </summary>
    private void AddExternal(WorkflowExecution execution, Action appendEvents)
    {
        if (execution.HasStartedWorkflowTask)
        {
            execution.Buffered.Add(appendEvents);
            return;
        }
        appendEvents();
        ScheduleWorkflowTask(execution);
    }

    private WorkflowExecution? FindRun(string @namespace, string workflowId, string? runId)
    {
        ForgetExpired();
        if (!string.IsNullOrEmpty(runId))
        {
            return runsByRunId.TryGetValue(runId, out var run) && run.Namespace == @namespace && run.WorkflowId == workflowId ? run : null;
        }
        return runsByWorkflowId.TryGetValue((@namespace, workflowId), out var runs) ? runs[^1] : null;
    }

    private WorkflowExecution RequireRun(string @namespace, ExecutionRef? execution)
    {
        Namespaces.EnsureExists(@namespace);
        var workflowId = RpcErrors.Required(execution?.WorkflowId, "WorkflowId");
        return FindRun(@namespace, workflowId, execution!.RunId)
            ?? throw RpcErrors.NotFound($"workflow execution not found for workflow ID \"{workflowId}\" and run ID \"{execution.RunId}\"",
                new NotFoundFailure { CurrentCluster = "active", ActiveCluster = "active" });
    }

    private WorkflowExecution RequireOpenRun(string @namespace, ExecutionRef? execution)
    {
        var run = RequireRun(@namespace, execution);
        return run.IsOpen
            ? run
            : throw RpcErrors.NotFound("workflow execution already completed", new NotFoundFailure { CurrentCluster = "active", ActiveCluster = "active" });
    }

    private void Track(WorkflowExecution run)
    {
        ForgetExpired();
        var key = (run.Namespace, run.WorkflowId);
        if (!runsByWorkflowId.TryGetValue(key, out var runs))
        {
            runsByWorkflowId[key] = runs = [];
        }
        runs.Add(run);
        runsByRunId[run.RunId] = run;
        openRuns.Add(run);
    }

    /// <summary>True when no workflow or activity task is scheduled or running: time may be skipped.</summary>
    private bool IsIdle() => openRuns.All(run =>
        run.WorkflowTask is null && run.Activities.Values.All(a => a.Closed || a.InBackoff) && run.Buffered.Count == 0);

    private static string NewRunId() => Guid.NewGuid().ToString();

    [LoggerMessage(Level = LogLevel.Error, Message = "A timer callback failed; the clock keeps running")]
    private static partial void LogTimerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Action} {WorkflowId}/{RunId}")]
    private static partial void LogRun(ILogger logger, string action, string workflowId, string runId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closed ({Status}) {WorkflowId}/{RunId}")]
    private static partial void LogClosed(ILogger logger, WorkflowExecutionStatus status, string workflowId, string runId);
}
