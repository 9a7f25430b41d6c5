using TemporalFlow.Orchestrator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Common;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Orchestrator;

/// <summary>
/// Orchestrator runs recorded by earlier versions (still open when a new worker is deployed) replay with today's code: a
/// change to the workflow that would break them needs a <c>Workflow.Patched</c> branch, and this test says so.
/// </summary>
public sealed class RecordedHistoryTests
{
    [Fact]
    public async Task ARunRecordedByAnEarlierVersionStillReplays()
    {
        // Recorded at dab4870: an incident, a document, a redelivery and an unroutable event, started by the StartDomainWorkflows activity.
        var path = Path.Combine(AppContext.BaseDirectory, "Orchestrator", "Histories", "orchestrator-before-children.json");
        var history = WorkflowHistory.FromJson("orchestrator-before-children", await File.ReadAllTextAsync(path));
        Assert.Contains(history.Events, e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "StartDomainWorkflows");

        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<RootOrchestratorWorkflow>());
        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false).WaitAsync(WorkerScenario.HardTimeout);
        Assert.Null(result.ReplayFailure);
    }
}
