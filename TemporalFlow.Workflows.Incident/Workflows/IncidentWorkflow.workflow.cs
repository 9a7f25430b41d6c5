using System.Text.Json;
using Temporalio.Workflows;

namespace TemporalFlow.Workflows.Incident.Workflows;

/// <summary>An incident from open to resolved.</summary>
[Workflow("IncidentWorkflow")]
public sealed class IncidentWorkflow
{
    private string state = "open";

    [WorkflowRun]
    public async Task<string> RunAsync(JsonElement incidentEvent)
    {
        await Workflow.WaitConditionAsync(() => state == "resolved");
        return state;
    }

    [WorkflowSignal("resolve")]
    public Task ResolveAsync()
    {
        state = "resolved";
        return Task.CompletedTask;
    }

    [WorkflowQuery("status")]
    public string Status() => state;
}
