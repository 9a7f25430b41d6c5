using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace TemporalFlow.Emulator.Engine;

/// <summary>One run of a workflow: its history and the mutable state derived from it. Guarded by the engine's lock.</summary>
internal sealed class WorkflowExecution
{
    private TaskCompletionSource changed = NewSignal();

    public required string Namespace { get; init; }
    public required string WorkflowId { get; init; }
    public required string RunId { get; init; }
    public required string FirstRunId { get; init; }
    public required string WorkflowType { get; init; }
    public required string TaskQueue { get; init; }
    public required string StartRequestId { get; init; }
    public required DateTime StartTime { get; init; }
    public TimeSpan WorkflowTaskTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan? RunTimeout { get; init; }
    public TimeSpan? ExecutionTimeout { get; init; }
    public ParentLink? Parent { get; init; }

    public List<HistoryEvent> History { get; } = [];
    public WorkflowExecutionStatus Status { get; set; } = WorkflowExecutionStatus.Running;
    public DateTime? CloseTime { get; set; }
    public string? NewRunId { get; set; }
    public Memo Memo { get; set; } = new();
    public SearchAttributes SearchAttributes { get; set; } = new();

    public WorkflowTaskState? WorkflowTask { get; set; }
    public int WorkflowTaskAttempt { get; set; } = 1;
    public long PreviousStartedEventId { get; set; }
    public bool FirstWorkflowTaskCompleted { get; set; }
    public string? StickyQueue { get; set; }
    public TimeSpan StickyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Events that arrived while a workflow task was running, appended once it completes.</summary>
    public List<Action> Buffered { get; } = [];
    public Dictionary<long, ActivityState> Activities { get; } = [];
    public Dictionary<string, TimerState> Timers { get; } = new(StringComparer.Ordinal);
    public Dictionary<long, ChildState> Children { get; } = [];
    public HashSet<string> SignalRequestIds { get; } = new(StringComparer.Ordinal);
    public int SignalCount { get; set; }

    /// <summary>The history's size in bytes (each event's serialized size, as the real server counts it).</summary>
    public long HistoryBytes { get; private set; }
    public bool CancelRequested { get; set; }

    public bool IsOpen => Status == WorkflowExecutionStatus.Running;

    public bool HasStartedWorkflowTask => WorkflowTask is { StartedEventId: > 0 };

    public Temporalio.Api.Common.V1.WorkflowExecution Ref => new() { WorkflowId = WorkflowId, RunId = RunId };

    /// <summary>Completes when the history or state changes; long polls await it and look again.</summary>
    public Task Changed => changed.Task;

    public HistoryEvent LastEvent => History[^1];

    public long NextEventId => History.Count + 1;

    public long Append(HistoryEvent historyEvent, DateTime now, long taskId)
    {
        historyEvent.EventId = NextEventId;
        historyEvent.EventTime = Timestamp.FromDateTime(now);
        historyEvent.TaskId = taskId;
        History.Add(historyEvent);
        HistoryBytes += historyEvent.CalculateSize();
        NotifyChanged();
        return historyEvent.EventId;
    }

    public void NotifyChanged() => Interlocked.Exchange(ref changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed record ParentLink(string Namespace, string WorkflowId, string RunId, long InitiatedEventId, ParentClosePolicy ClosePolicy);

internal sealed class WorkflowTaskState
{
    public required long ScheduledEventId { get; init; }
    public required int Attempt { get; init; }
    public required string Queue { get; init; }
    public long StartedEventId { get; set; }
    public DateTime ScheduledTime { get; init; }
    public DateTime? StartedTime { get; set; }
    public TimerHandle? Timeout { get; set; }
}

internal sealed class ActivityState
{
    public required long ScheduledEventId { get; init; }
    public required Temporalio.Api.History.V1.ActivityTaskScheduledEventAttributes Attributes { get; init; }
    public required DateTime ScheduledTime { get; init; }
    public int Attempt { get; set; } = 1;

    /// <summary>When the current attempt was, or in a backoff will be, scheduled.</summary>
    public DateTime CurrentAttemptScheduledTime { get; set; }
    public DateTime? LastAttemptCompleteTime { get; set; }
    public bool Started { get; set; }

    /// <summary>Waiting out a retry interval: nothing for a worker to do yet.</summary>
    public bool InBackoff { get; set; }
    public DateTime? StartedTime { get; set; }
    public string Identity { get; set; } = "";
    public string RequestId { get; set; } = "";
    public Payloads? HeartbeatDetails { get; set; }
    public DateTime? LastHeartbeatTime { get; set; }
    public Temporalio.Api.Failure.V1.Failure? LastFailure { get; set; }
    public bool CancelRequested { get; set; }
    public long CancelRequestedEventId { get; set; }

    /// <summary>Set when the outcome is decided (its events may still be buffered): later responses are stale.</summary>
    public bool Closed { get; set; }
    public List<TimerHandle> AttemptTimers { get; } = [];
    public TimerHandle? ScheduleToCloseTimer { get; set; }
}

internal sealed class TimerState
{
    public required string TimerId { get; init; }
    public required long StartedEventId { get; init; }
    public required TimerHandle Handle { get; init; }
    public bool Finished { get; set; }
    public bool Canceled { get; set; }
}

internal sealed class ChildState
{
    public required long InitiatedEventId { get; init; }
    public required string Namespace { get; init; }
    public required string WorkflowId { get; init; }
    public required string WorkflowType { get; init; }
    public string? RunId { get; set; }
    public long StartedEventId { get; set; }
    public ParentClosePolicy ClosePolicy { get; init; }
}
