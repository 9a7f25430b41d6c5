using Temporalio.Common;
using Temporalio.Workflows;

namespace TemporalFlow.Tests.Emulator.Workflows;

/// <summary>Retries an activity that always fails, once a second without end: a pending activity with attempts and a last failure.</summary>
[Workflow]
public sealed class StuckActivityWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string key) => Workflow.ExecuteActivityAsync((ScenarioActivities a) => a.FailUntil(key, int.MaxValue), new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(10),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 1 },
    });
}
