using TemporalFlow.Orchestrator.Workflows;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Documents.Workflows;
using TemporalFlow.Workflows.Incident.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Histories;

/// <summary>
/// Runs recorded by earlier versions (still open when a new worker is deployed) replay with today's code: a workflow change
/// that would break one needs a <c>Workflow.Patched</c> branch, and this test fails the build until it has one.
/// </summary>
public sealed class RecordedHistoryTests
{
    public static TheoryData<string> Recorded => [.. RecordedHistories.Files.Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Recorded))]
    public async Task ARunRecordedByAnEarlierVersionStillReplays(string file)
    {
        var history = RecordedHistories.Load(Path.Combine(RecordedHistories.Folder, file));
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions()
            .AddWorkflow<RootOrchestratorWorkflow>().AddWorkflow<IncidentWorkflow>()
            .AddWorkflow<DocumentProcessingWorkflow>().AddWorkflow<DataProcessingWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false).WaitAsync(WorkerScenario.HardTimeout);

        Assert.True(result.ReplayFailure is null, $"{file} no longer replays: {result.ReplayFailure}");
    }

    /// <summary>What the recorded set must cover, so a change to any of these paths is replayed against real runs.</summary>
    [Fact]
    public void TheRecordedRunsCoverWhatLongRunningOrchestratorsAndIncidentsGoThrough()
    {
        var histories = RecordedHistories.Files.Select(RecordedHistories.Load).ToList();
        var orchestrators = histories.Where(h => RecordedHistories.TypeOf(h) == "RootOrchestratorWorkflow").ToList();

        Assert.Contains(orchestrators, h => RecordedHistories.Has(h, EventType.WorkflowExecutionContinuedAsNew));
        Assert.Contains(orchestrators, h => h.Events.Any(e => e.WorkflowTaskFailedEventAttributes?.Cause == WorkflowTaskFailedCause.UnhandledCommand));
        Assert.Contains(orchestrators, h => h.Events.Any(e => e.WorkflowExecutionSignaledEventAttributes?.SignalName == "redrive_dead_letters"));
        Assert.Contains(orchestrators, h => h.Events.Any(e => e.WorkflowExecutionSignaledEventAttributes?.SignalName == "update_configuration"));
        // The claim check: events by reference, routed with RouteEvents, dead letters read back from the ledger for a re-drive.
        Assert.Contains(orchestrators, h => h.Events.Any(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "DescribeEvents"));
        Assert.Contains(orchestrators, h => RecordedHistories.Has(h, EventType.WorkflowExecutionContinuedAsNew)
            && h.Events.Any(e => e.WorkflowExecutionSignaledEventAttributes?.Input.Payloads_[0].Data.ToStringUtf8().Contains("\"reference\"", StringComparison.Ordinal) == true));
        Assert.Contains(histories, h => RecordedHistories.TypeOf(h) == "IncidentWorkflow" && RecordedHistories.Has(h, EventType.WorkflowExecutionCompleted));
        // Long incidents: a run that continued as new while escalating, and a continued run that took over and was resolved.
        var incidents = histories.Where(h => RecordedHistories.TypeOf(h) == "IncidentWorkflow").ToList();
        Assert.Contains(incidents, h => RecordedHistories.Has(h, EventType.WorkflowExecutionContinuedAsNew) && !h.Events.Any(e => e.WorkflowExecutionSignaledEventAttributes?.SignalName == "acknowledge"));
        Assert.Contains(incidents, h => h.Events.First().WorkflowExecutionStartedEventAttributes.Input.Payloads_.Count == 2 && RecordedHistories.Has(h, EventType.WorkflowExecutionCompleted));
    }
}
