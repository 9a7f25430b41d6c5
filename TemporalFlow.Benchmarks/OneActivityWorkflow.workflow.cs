using Temporalio.Activities;
using Temporalio.Workflows;

namespace TemporalFlow.Benchmarks;

[Workflow]
public sealed class OneActivityWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync(int value) =>
        Workflow.ExecuteActivityAsync((EchoActivities a) => a.Echo(value), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
}

public sealed class EchoActivities
{
    [Activity]
    public int Echo(int value) => value;
}
