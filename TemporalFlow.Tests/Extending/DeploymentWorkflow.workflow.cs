using System.Text.Json;
using TemporalFlow.Core.Events;
using Temporalio.Activities;
using Temporalio.Workflows;

namespace TemporalFlow.Tests.Extending;

/// <summary>
/// The worked example of docs/workflows.md, "Adding a domain workflow": a deployment event announced once. In this
/// repository the constants would sit in <c>TemporalFlow.Core</c> (<c>WorkflowTypes</c>, <c>TaskQueues</c>), the workflow in its
/// own <c>TemporalFlow.Workflows.*</c> worker.
/// </summary>
[Workflow(TypeName)]
public sealed class DeploymentWorkflow
{
    public const string TypeName = "DeploymentWorkflow";
    public const string TaskQueue = "deployment_workflow-queue";

    /// <summary>The routing entry: the key routes name, and how the orchestrator starts it.</summary>
    public const string RouteKey = "deployment_workflow";

    [WorkflowRun]
    public async Task<DeploymentResult> RunAsync(JsonElement deploymentEvent)
    {
        // The orchestrator has checked the route's required fields; everything else is read as data, never trusted.
        var request = new DeploymentRequest(
            EventFields.Text(deploymentEvent, "service") ?? "", EventFields.Text(deploymentEvent, "version") ?? "unknown", Workflow.Info.WorkflowId);
        var announcement = await Workflow.ExecuteActivityAsync((DeploymentActivities a) => a.AnnounceAsync(request),
            new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        return new DeploymentResult(request.Service, request.Version, announcement);
    }
}

public sealed record DeploymentRequest(string Service, string Version, string WorkflowId);

public sealed record DeploymentResult(string Service, string Version, string Announcement);

/// <summary>Its one activity: where I/O belongs (a chat message, a change log); here it only composes the text.</summary>
public sealed class DeploymentActivities
{
    [Activity("AnnounceDeployment")]
    public Task<string> AnnounceAsync(DeploymentRequest request) =>
        Task.FromResult($"{request.Service} {request.Version} deployed ({request.WorkflowId})");
}
