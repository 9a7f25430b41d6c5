using TemporalFlow.AppHost.Temporal;

namespace TemporalFlow.AppHost;

public static class TemporalFlowServicesExtensions
{
    /// <summary>The workers and listeners, each started once what it uses is ready.</summary>
    public static void AddTemporalFlowServices(this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString> database, TemporalServer temporal)
    {
        // How many orchestrator instances listeners spread events over (root-orchestrator-0..N-1).
        var shards = builder.AddParameter("orchestrator-shards", "2", publishValueAsDefault: true);

        builder.AddProject<Projects.TemporalFlow_Orchestrator>("orchestrator")
            .WithReference(database).WaitFor(database)
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health");

        var incidents = builder.AddProject<Projects.TemporalFlow_Workflows_Incident>("incident-worker")
            .WithReference(database).WaitFor(database)
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health");
        // A chat webhook for incident notifications (Slack / Teams incoming webhook URL), when one is configured.
        if (!string.IsNullOrEmpty(builder.Configuration["Parameters:incident-webhook-url"]))
        {
            var webhook = builder.AddParameter("incident-webhook-url", secret: true);
            incidents.WithEnvironment("Incidents__Webhook__Url", webhook)
                .WithEnvironment("Incidents__Notifiers__0", "log")
                .WithEnvironment("Incidents__Notifiers__1", "webhook");
        }

        var webhooks = builder.AddProject<Projects.TemporalFlow_Listeners>("webhook-listener")
            .WithArgs("--listener", "webhook")
            .WithEnvironment("Orchestrator__Shards", shards)
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health");
        // Signature verification and SharePoint clientState, when their secrets are given as parameters.
        foreach (var (parameter, variable) in new[] { ("webhook-secret", "WEBHOOK_SECRET"), ("sharepoint-client-state", "SHAREPOINT_CLIENT_STATE") })
        {
            if (!string.IsNullOrEmpty(builder.Configuration[$"Parameters:{parameter}"]))
            {
                webhooks.WithEnvironment(variable, builder.AddParameter(parameter, secret: true));
            }
        }
    }
}
