using TemporalFlow.AppHost.Temporal;

namespace TemporalFlow.AppHost;

public static class TemporalFlowServicesExtensions
{
    /// <summary>The workers and listeners, each started once what it uses is ready.</summary>
    public static void AddTemporalFlowServices(this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString> database, TemporalServer temporal)
    {
        builder.AddProject<Projects.TemporalFlow_Orchestrator>("orchestrator")
            .WithReference(database).WaitFor(database)
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health");

        builder.AddProject<Projects.TemporalFlow_Workflows_Incident>("incident-worker")
            .WithReference(database).WaitFor(database)
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health");

        builder.AddProject<Projects.TemporalFlow_Listeners>("webhook-listener")
            .WithArgs("--listener", "webhook")
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health");
    }
}
