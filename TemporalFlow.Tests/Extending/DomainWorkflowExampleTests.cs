using System.Text.Json;
using TemporalFlow.Core;
using TemporalFlow.Core.Routing;
using TemporalFlow.Tests.Orchestrator;
using TemporalFlow.Tests.Support;
using Temporalio.Client;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Extending;

/// <summary>The worked example of "Adding a domain workflow": a route in the configuration, a worker, and the orchestrator starts it.</summary>
public sealed class DomainWorkflowExampleTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    /// <summary>The product description's tables plus the new route: what <c>Routing__…</c> settings or appsettings.json would add.</summary>
    private static RoutingConfiguration WithDeployments()
    {
        var routing = DefaultRouting.Create();
        routing.Version = "with-deployments";
        routing.EventTypes["deployment"] = DeploymentWorkflow.RouteKey;
        routing.Workflows[DeploymentWorkflow.RouteKey] = new WorkflowTarget
        {
            WorkflowType = DeploymentWorkflow.TypeName,
            TaskQueue = DeploymentWorkflow.TaskQueue,
            IdTemplate = "deployment-{eventId}",
            RequiredFields = ["service"],
        };
        Assert.Empty(RoutingValidator.Validate(routing)); // the worker would refuse to start otherwise
        return routing;
    }

    [Fact]
    public Task ADeploymentEventIsRoutedToTheNewWorkflowAndOneWithoutItsRequiredFieldIsADeadLetter() =>
        OrchestratorHarness.RunAsync(postgres, cacheOff: false, async s =>
        {
            using var worker = new TemporalWorker(s.Client, new TemporalWorkerOptions(DeploymentWorkflow.TaskQueue)
                .AddWorkflow<DeploymentWorkflow>().AddAllActivities(new DeploymentActivities()));
            await worker.ExecuteAsync(async () =>
            {
                var orchestratorId = $"deployments-{Guid.NewGuid():N}";
                var eventId = $"deploy-{Guid.NewGuid():N}";
                var orchestrator = await s.Client.StartWorkflowAsync(WorkflowTypes.RootOrchestrator, [new Dictionary<string, object>()],
                    new(orchestratorId, TaskQueues.RootOrchestrator));
                await orchestrator.SignalAsync("trigger", [new { eventType = "deployment", source = "ci", service = "orders-api", version = "1.4.2", eventId }]);
                await orchestrator.SignalAsync("trigger", [new { eventType = "deployment", source = "ci", version = "1.4.3", eventId = $"{eventId}-no-service" }]);

                var stats = await OrchestratorHarness.WaitForAsync(s.Client, orchestratorId, "stats", st => st.Long("routed") + st.Long("rejected") == 2);
                Assert.Equal((1, 1), (stats.Long("routed"), stats.Long("rejected")));
                var result = await s.Client.GetWorkflowHandle($"deployment-{eventId}").GetResultAsync<DeploymentResult>();
                Assert.Equal(new DeploymentResult("orders-api", "1.4.2", $"orders-api 1.4.2 deployed (deployment-{eventId})"), result);
                var deadLetter = Assert.Single(await orchestrator.QueryAsync<List<JsonElement>>("deadLetters", []));
                Assert.Contains("service: required by workflow 'deployment_workflow' but missing", deadLetter.GetProperty("reason").GetString(),
                    StringComparison.Ordinal);
                await s.TrackAllRunsAsync(orchestratorId);
                await orchestrator.TerminateAsync("test finished");
            });
        }, WithDeployments());
}
