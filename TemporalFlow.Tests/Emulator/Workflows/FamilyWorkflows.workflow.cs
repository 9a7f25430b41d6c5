using Temporalio.Workflows;

namespace TemporalFlow.Tests.Emulator.Workflows;

/// <summary>Starts a child per item and sums their results.</summary>
[Workflow]
public sealed class ParentWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int children)
    {
        var results = await Workflow.WhenAllAsync(Enumerable.Range(1, children).Select(i =>
            Workflow.ExecuteChildWorkflowAsync((ChildWorkflow c) => c.RunAsync(i), new() { Id = $"{Workflow.Info.WorkflowId}-child-{i}" })));
        return results.Sum();
    }
}

[Workflow]
public sealed class ChildWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int value)
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(10));
        return value * 10;
    }
}

/// <summary>Starts a child that waits forever, then completes: the parent-close policy decides the child's fate.</summary>
[Workflow]
public sealed class AbandoningParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string childId, ParentClosePolicy policy)
    {
        await Workflow.StartChildWorkflowAsync((WaitingChildWorkflow c) => c.RunAsync(), new() { Id = childId, ParentClosePolicy = policy });
        return "parent done";
    }
}

[Workflow]
public sealed class WaitingChildWorkflow
{
    [WorkflowRun]
    public Task RunAsync() => Workflow.WaitConditionAsync(() => false);
}

/// <summary>Counts up by continuing as new, carrying the count in its input.</summary>
[Workflow]
public sealed class CountingWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int count, int until)
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(1));
        if (count < until)
        {
            throw Workflow.CreateContinueAsNewException((CountingWorkflow w) => w.RunAsync(count + 1, until));
        }
        return count;
    }
}

/// <summary>Signals another workflow, and cancels a third.</summary>
[Workflow]
public sealed class MessengerWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string signalTarget, string cancelTarget)
    {
        await Workflow.GetExternalWorkflowHandle<SignalCollectorWorkflow>(signalTarget).SignalAsync(w => w.AddAsync("from a workflow"));
        await Workflow.GetExternalWorkflowHandle(cancelTarget).CancelAsync();
        try
        {
            await Workflow.GetExternalWorkflowHandle("no-such-workflow").SignalAsync("anything", []);
            return "signal to a missing workflow succeeded";
        }
        catch (Temporalio.Exceptions.FailureException)
        {
            return "sent";
        }
    }
}

/// <summary>Waits to be cancelled, then cleans up and reports it.</summary>
[Workflow]
public sealed class CancellableWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        try
        {
            await Workflow.DelayAsync(TimeSpan.FromDays(1));
            return "not cancelled";
        }
        catch (OperationCanceledException)
        {
            await Workflow.ExecuteActivityAsync((ScenarioActivities a) => a.Greet("cleanup"),
                new() { StartToCloseTimeout = TimeSpan.FromSeconds(10), CancellationToken = CancellationToken.None });
            throw;
        }
    }

    [WorkflowQuery]
    public bool Running => true;
}
