using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace TemporalFlow.Tests.Emulator.Workflows;

[Workflow]
public sealed class GreetingWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string name) => Workflow.ExecuteActivityAsync(
        (ScenarioActivities a) => a.Greet(name), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
}

/// <summary>Collects signals until told to finish; its state is visible through a query at every step.</summary>
[Workflow]
public sealed class SignalCollectorWorkflow
{
    private readonly List<string> received = [];
    private bool finished;

    [WorkflowRun]
    public async Task<List<string>> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => finished);
        return received;
    }

    [WorkflowSignal]
    public Task AddAsync(string item)
    {
        received.Add(item);
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        finished = true;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public List<string> Received => received;
}

/// <summary>Escalation-style timer: waits for an acknowledgement, or escalates when 30 minutes pass without one.</summary>
[Workflow]
public sealed class EscalationWorkflow
{
    private bool acknowledged;

    [WorkflowRun]
    public async Task<string> RunAsync(int minutes)
    {
        var started = Workflow.UtcNow;
        var inTime = await Workflow.WaitConditionAsync(() => acknowledged, TimeSpan.FromMinutes(minutes));
        return inTime ? "acknowledged" : $"escalated after {(Workflow.UtcNow - started).TotalMinutes:F0} minutes";
    }

    [WorkflowSignal]
    public Task AcknowledgeAsync()
    {
        acknowledged = true;
        return Task.CompletedTask;
    }
}

[Workflow]
public sealed class RetryingWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string key, int succeedOnAttempt, bool nonRetryable) => nonRetryable
        ? Workflow.ExecuteActivityAsync((ScenarioActivities a) => a.FailNonRetryable(key), Options)
        : Workflow.ExecuteActivityAsync((ScenarioActivities a) => a.FailUntil(key, succeedOnAttempt), Options);

    private static ActivityOptions Options => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(10),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(50), BackoffCoefficient = 2, MaximumAttempts = 5 },
    };
}

[Workflow]
public sealed class HeartbeatWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync(int upTo) => Workflow.ExecuteActivityAsync((ScenarioActivities a) => a.CountWithHeartbeatsAsync(upTo), new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        HeartbeatTimeout = TimeSpan.FromMilliseconds(500),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(10), MaximumAttempts = 3 },
    });
}

/// <summary>Starts a long activity, cancels it after a short timer, and reports how the activity ended.</summary>
[Workflow]
public sealed class ActivityCancellationWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var activity = Workflow.ExecuteActivityAsync((ScenarioActivities a) => a.WaitForCancelAsync(), new()
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(30),
            HeartbeatTimeout = TimeSpan.FromSeconds(5),
            CancellationToken = cancel.Token,
            CancellationType = ActivityCancellationType.WaitCancellationCompleted,
        });
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(300));
#pragma warning disable VSTHRD103 // workflow code: CancelAsync would run the callbacks on the thread pool, outside the workflow's scheduler
        cancel.Cancel();
#pragma warning restore VSTHRD103
        try
        {
            await activity;
            return "completed";
        }
        catch (ActivityFailureException ex) when (ex.InnerException is CanceledFailureException)
        {
            return "activity canceled";
        }
    }
}

[Workflow]
public sealed class TimeoutWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string timeoutKind)
    {
        try
        {
            await Workflow.ExecuteActivityAsync((ScenarioActivities a) => a.SleepPastTimeoutAsync(TimeSpan.FromSeconds(30)), timeoutKind switch
            {
                "ScheduleToClose" => new ActivityOptions { ScheduleToCloseTimeout = TimeSpan.FromMilliseconds(700) },
                "ScheduleToStart" => new ActivityOptions
                {
                    TaskQueue = "nobody-polls-this-queue",
                    StartToCloseTimeout = TimeSpan.FromSeconds(30),
                    ScheduleToStartTimeout = TimeSpan.FromMilliseconds(300),
                },
                _ => new ActivityOptions
                {
                    StartToCloseTimeout = TimeSpan.FromMilliseconds(300),
                    RetryPolicy = new RetryPolicy { MaximumAttempts = 2, InitialInterval = TimeSpan.FromMilliseconds(10) },
                },
            });
            return "no timeout";
        }
        catch (ActivityFailureException ex) when (ex.InnerException is TimeoutFailureException timeout)
        {
            return $"{timeout.TimeoutType}";
        }
    }
}

[Workflow]
public sealed class AsyncCompletionWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync() => Workflow.ExecuteActivityAsync((ScenarioActivities a) => a.CompleteAsynchronously(),
        new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
}

/// <summary>A bug in workflow code: every workflow task fails, so the server retries the task and the run stays open.</summary>
[Workflow]
public sealed class BrokenWorkflow
{
    [WorkflowRun]
    public Task RunAsync() => throw new InvalidOperationException("a bug in workflow code");
}

/// <summary>Greets through a local activity, then waits to be told to finish; the greetings so far are a query away.</summary>
[Workflow]
public sealed class LocalGreetingWorkflow
{
    private readonly List<string> greetings = [];
    private bool finished;

    [WorkflowRun]
    public async Task<List<string>> RunAsync(string name)
    {
        greetings.Add(await Workflow.ExecuteLocalActivityAsync((ScenarioActivities a) => a.Greet(name), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) }));
        await Workflow.WaitConditionAsync(() => finished);
        return greetings;
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        finished = true;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public IReadOnlyList<string> Greetings() => greetings;
}
