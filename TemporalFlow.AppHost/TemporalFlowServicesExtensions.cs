using Microsoft.Extensions.Configuration;
using TemporalFlow.AppHost.LocalCloud;
using TemporalFlow.AppHost.Postgres;
using TemporalFlow.AppHost.Temporal;

namespace TemporalFlow.AppHost;

public static class TemporalFlowServicesExtensions
{
    /// <summary>The workers and listeners, each started once what it uses is ready.</summary>
    public static void AddTemporalFlowServices(this IDistributedApplicationBuilder builder, TemporalFlowDatabase owner, TemporalServer temporal,
        LocalCloudServices? cloud)
    {
        // How many orchestrator instances listeners spread events over (root-orchestrator-0..N-1).
        var shards = builder.AddParameterWithDefault("orchestrator-shards", "2");
        var database = builder.AddDatabaseMigrations(owner);

        builder.AddProject<Projects.TemporalFlow_Orchestrator>("orchestrator")
            .WithDatabaseRole(database, "orchestrator")
            .WithTemporal(temporal)
            .WithHealthProbes();

        var incidents = builder.AddProject<Projects.TemporalFlow_Workflows_Incident>("incident-worker")
            .WithDatabaseRole(database, "incident-worker")
            .WithTemporal(temporal)
            .WithHealthProbes();
        // A chat webhook for incident notifications (Slack / Teams incoming webhook URL), when one is configured.
        if (!string.IsNullOrEmpty(builder.Configuration["Parameters:incident-webhook-url"]))
        {
            incidents.WithParameterIfGiven("incident-webhook-url", "Incidents__Webhook__Url", secret: true)
                .WithEnvironment("Incidents__Notifiers__0", "log")
                .WithEnvironment("Incidents__Notifiers__1", "webhook");
        }

        builder.AddDocumentWorker(database, temporal, cloud);

        builder.AddListeners(shards, temporal, database, cloud);

        // The chat: simple mode by default; AI mode when an OpenAI-compatible endpoint and model are given.
        builder.AddProject<Projects.TemporalFlow_Chat>("chat")
            .WithExternalHttpEndpoints() // people sign in to it from outside
            .WithDatabaseRole(database, "chat")
            .WithTemporal(temporal)
            .WithEnvironment("Orchestrator__Shards", shards)
            .WithHealthProbes()
            .WithParameterIfGiven("chat-endpoint", "Chat__Endpoint", secret: false)
            .WithParameterIfGiven("chat-model", "Chat__Model", secret: false)
            .WithParameterIfGiven("chat-api-key", "Chat__ApiKey", secret: true)
            // Sign-in (OpenID Connect: Entra ID or any provider): required when published; in run mode, without it, the chat
            // runs without sign-in on loopback.
            .WithRequiredWhenPublished("chat-oidc-authority", "Chat__Auth__Authority", secret: false)
            .WithRequiredWhenPublished("chat-oidc-client-id", "Chat__Auth__ClientId", secret: false)
            .WithRequiredWhenPublished("chat-oidc-client-secret", "Chat__Auth__ClientSecret", secret: true);
    }

    /// <summary>
    /// Document and data processing: reads from S3 and Azure Blob (the local stand-ins, or the configured accounts), only from
    /// the allowed places: the local bucket and container, or the parameters <c>document-s3-buckets</c>,
    /// <c>document-blob-containers</c> and <c>document-file-roots</c> (comma-separated; nothing is allowed without them).
    /// <c>DocumentStores:S3=true</c> and <c>DocumentStores:Blob=true</c> make a deployment ask for the store's account and places.
    /// </summary>
    private static void AddDocumentWorker(this IDistributedApplicationBuilder builder, MigratedDatabase database, TemporalServer temporal,
        LocalCloudServices? cloud)
    {
        var documents = builder.AddProject<Projects.TemporalFlow_Workflows_Documents>("document-worker")
            .WithDatabaseRole(database, "document-worker")
            .WithTemporal(temporal)
            .WithHealthProbes()
            .WithParameterIfGiven("document-file-roots", "DocumentStores__File__Roots", secret: false);
        if (cloud is not null)
        {
            documents.WithLocalAws(cloud)
                .WithEnvironment("AZURE_STORAGE_CONNECTION_STRING", cloud.BlobConnectionString)
                .WithEnvironment("DocumentStores__S3__Buckets", LocalCloudServices.Bucket)
                .WithEnvironment("DocumentStores__Blob__Containers", LocalCloudServices.Container)
                .WaitFor(cloud.Azurite);
            return;
        }
        var s3 = builder.Configuration.GetValue<bool>("DocumentStores:S3");
        documents.WithStoreParameter(s3, "aws-access-key-id", "AWS_ACCESS_KEY_ID", secret: true)
            .WithStoreParameter(s3, "aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", secret: true)
            .WithStoreParameter(s3, "aws-region", "AWS_REGION", secret: false)
            .WithStoreParameter(s3, "document-s3-buckets", "DocumentStores__S3__Buckets", secret: false)
            .WithParameterIfGiven("aws-endpoint-url", "AWS_ENDPOINT_URL", secret: false);
        var blob = builder.Configuration.GetValue<bool>("DocumentStores:Blob");
        documents.WithStoreParameter(blob, "azure-storage-connection-string", "AZURE_STORAGE_CONNECTION_STRING", secret: true)
            .WithStoreParameter(blob, "document-blob-containers", "DocumentStores__Blob__Containers", secret: false);
    }

    /// <summary>A store's setting: required when published if the store is switched on, else passed only when given.</summary>
    private static IResourceBuilder<ProjectResource> WithStoreParameter(this IResourceBuilder<ProjectResource> project, bool storeOn, string parameter,
        string variable, bool secret) =>
        storeOn ? project.WithRequiredWhenPublished(parameter, variable, secret) : project.WithParameterIfGiven(parameter, variable, secret);

    /// <summary>A parameter that publishing requires (azd asks for its value); in run mode passed only when given.</summary>
    internal static IResourceBuilder<ProjectResource> WithRequiredWhenPublished(this IResourceBuilder<ProjectResource> project, string parameter, string variable,
        bool secret) =>
        project.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? project.WithEnvironment(variable, project.ApplicationBuilder.SharedParameter(parameter, secret))
            : project.WithParameterIfGiven(parameter, variable, secret: secret);

    /// <summary>Passes an AppHost parameter as an environment variable, only when the parameter has a value.</summary>
    internal static IResourceBuilder<ProjectResource> WithParameterIfGiven(this IResourceBuilder<ProjectResource> project, string parameter,
        string variable, bool secret)
    {
        var builder = project.ApplicationBuilder;
        return string.IsNullOrEmpty(builder.Configuration[$"Parameters:{parameter}"])
            ? project
            : project.WithEnvironment(variable, builder.SharedParameter(parameter, secret));
    }
}
