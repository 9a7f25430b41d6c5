using Temporalio.Activities;
using Temporalio.Workflows;

namespace TemporalFlow.Tests.Emulator.Workflows;

/// <summary>One activity: its input and its result as large as asked.</summary>
[Workflow]
public sealed class PayloadWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int inputChars, int resultChars)
    {
        var result = await Workflow.ExecuteActivityAsync((LimitActivities a) => a.EchoAsync(new string('i', inputChars), resultChars),
            new() { StartToCloseTimeout = TimeSpan.FromSeconds(30), RetryPolicy = new() { MaximumAttempts = 3 } });
        return result.Length;
    }
}

/// <summary>Grows its history by signals and reports what the server told it about the history's size.</summary>
[Workflow]
public sealed class HistoryGrowthWorkflow
{
    [WorkflowRun]
    public Task RunAsync() => Workflow.WaitConditionAsync(() => false);

    [WorkflowSignal]
    public Task GrowAsync(string filler) => Task.CompletedTask;

    [WorkflowQuery]
    public HistoryReport Report() => new(Workflow.CurrentHistoryLength, Workflow.CurrentHistorySize, Workflow.ContinueAsNewSuggested);

    [WorkflowQuery]
    public string Filler(int chars) => new('q', chars);
}

public sealed record HistoryReport(int Events, int Bytes, bool ContinueAsNewSuggested);

/// <summary>Schedules as many activities at once as asked.</summary>
[Workflow]
public sealed class FanOutWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(int activities) =>
        await Task.WhenAll(Enumerable.Range(0, activities).Select(i =>
            Workflow.ExecuteActivityAsync((LimitActivities a) => a.EchoAsync("x", 1), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) })));
}

/// <summary>Starts as many children at once as asked (each waits for ever).</summary>
[Workflow]
public sealed class ChildFanOutWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(int children) =>
        await Task.WhenAll(Enumerable.Range(0, children).Select(i =>
            Workflow.StartChildWorkflowAsync((HistoryGrowthWorkflow w) => w.RunAsync(), new() { Id = $"{Workflow.Info.WorkflowId}-child-{i}" })));
}

/// <summary>Signals another workflow as many times at once as asked.</summary>
[Workflow]
public sealed class SignalFanOutWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string target, int signals) =>
        await Task.WhenAll(Enumerable.Range(0, signals).Select(i => Workflow.GetExternalWorkflowHandle(target).SignalAsync("Grow", [$"{i}"])));
}

/// <summary>Asks for another workflow's cancellation as many times at once as asked.</summary>
[Workflow]
public sealed class CancelFanOutWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string target, int requests) =>
        await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => Workflow.GetExternalWorkflowHandle(target).CancelAsync()));
}

/// <summary>One activity that heartbeats details as large as asked, then waits to be cancelled.</summary>
[Workflow]
public sealed class LargeHeartbeatWorkflow
{
    [WorkflowRun]
    public Task RunAsync(int chars) =>
        Workflow.ExecuteActivityAsync((LimitActivities a) => a.HeartbeatAsync(chars),
            new() { StartToCloseTimeout = TimeSpan.FromSeconds(30), HeartbeatTimeout = TimeSpan.FromSeconds(10), RetryPolicy = new() { MaximumAttempts = 3 } });
}

public sealed class LimitActivities
{
    [Activity]
    public async Task HeartbeatAsync(int chars)
    {
        ActivityExecutionContext.Current.Heartbeat(new string('h', chars));
        await Task.Delay(TimeSpan.FromSeconds(20), ActivityExecutionContext.Current.CancellationToken);
    }

    [Activity]
    public Task<string> EchoAsync(string input, int resultChars) => Task.FromResult(new string('r', resultChars));
}

/// <summary>Writes a search attribute nobody registered: the server fails the task (BAD_SEARCH_ATTRIBUTES).</summary>
[Workflow]
public sealed class UnregisteredSearchAttributeWorkflow
{
    [WorkflowRun]
    public async Task RunAsync()
    {
        Workflow.UpsertTypedSearchAttributes(Temporalio.Common.SearchAttributeKey.CreateKeyword("NeverRegistered").ValueSet("x"));
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(1));
    }
}
