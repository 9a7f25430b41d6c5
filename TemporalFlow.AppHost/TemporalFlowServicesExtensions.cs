using TemporalFlow.AppHost.Postgres;
using TemporalFlow.AppHost.LocalCloud;
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
            .WithHttpHealthCheck("/health");

        var incidents = builder.AddProject<Projects.TemporalFlow_Workflows_Incident>("incident-worker")
            .WithDatabaseRole(database, "incident-worker")
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health");
        // A chat webhook for incident notifications (Slack / Teams incoming webhook URL), when one is configured.
        if (!string.IsNullOrEmpty(builder.Configuration["Parameters:incident-webhook-url"]))
        {
            incidents.WithParameterIfGiven("incident-webhook-url", "Incidents__Webhook__Url", secret: true)
                .WithEnvironment("Incidents__Notifiers__0", "log")
                .WithEnvironment("Incidents__Notifiers__1", "webhook");
        }

        builder.AddDocumentWorker(database, temporal, cloud);

        var webhooks = builder.AddProject<Projects.TemporalFlow_Listeners>("webhook-listener", launchProfileName: "http")
            .WithArgs("--listener", "webhook")
            .WithEnvironment("Orchestrator__Shards", shards)
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health");
        // Each route's secret: required secret parameters when published (the listener refuses to start outside Development
        // without them); in run mode only when given, so Development can try the walkthrough unsigned.
        webhooks.WithRequiredWhenPublished("webhook-secret", "WEBHOOK_SECRET", secret: true)
            .WithRequiredWhenPublished("sharepoint-client-state", "SHAREPOINT_CLIENT_STATE", secret: true)
            .WithRequiredWhenPublished("eventgrid-key", "EVENTGRID_KEY", secret: true);

        builder.AddS3Listener(shards, temporal, cloud);
        builder.AddAzureListener(shards, temporal);

        // The chat: simple mode by default; AI mode when an OpenAI-compatible endpoint and model are given.
        builder.AddProject<Projects.TemporalFlow_Chat>("chat")
            .WithDatabaseRole(database, "chat")
            .WithTemporal(temporal)
            .WithEnvironment("Orchestrator__Shards", shards)
            .WithHttpHealthCheck("/health")
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
    /// </summary>
    private static void AddDocumentWorker(this IDistributedApplicationBuilder builder, MigratedDatabase database, TemporalServer temporal,
        LocalCloudServices? cloud)
    {
        var documents = builder.AddProject<Projects.TemporalFlow_Workflows_Documents>("document-worker")
            .WithDatabaseRole(database, "document-worker")
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health")
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
        documents.WithAwsParameters()
            .WithParameterIfGiven("azure-storage-connection-string", "AZURE_STORAGE_CONNECTION_STRING", secret: true)
            .WithParameterIfGiven("document-s3-buckets", "DocumentStores__S3__Buckets", secret: false)
            .WithParameterIfGiven("document-blob-containers", "DocumentStores__Blob__Containers", secret: false);
    }

    /// <summary>The Azure blob listener, when <c>Parameters:azure-servicebus-connection-string</c> is given (topic and subscription optional).</summary>
    private static void AddAzureListener(this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> shards, TemporalServer temporal)
    {
        if (string.IsNullOrEmpty(builder.Configuration["Parameters:azure-servicebus-connection-string"]))
        {
            return;
        }
        // Each listener its own launch profile: its own port (the webhook listener keeps 5103).
        builder.AddProject<Projects.TemporalFlow_Listeners>("azure-listener", launchProfileName: "azure")
            .WithArgs("--listener", "azure")
            .WithEnvironment("Orchestrator__Shards", shards)
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health")
            .WithParameterIfGiven("azure-servicebus-connection-string", "AZURE_SERVICEBUS_CONNECTION_STRING", secret: true)
            .WithParameterIfGiven("azure-servicebus-topic", "AZURE_SERVICEBUS_TOPIC", secret: false)
            .WithParameterIfGiven("azure-servicebus-subscription", "AZURE_SERVICEBUS_SUBSCRIPTION", secret: false);
    }

    /// <summary>
    /// The S3 listener: on the local fauxqs queue with <c>LocalCloud:Enabled</c>, else when <c>Parameters:sqs-queue-url</c> is given
    /// (with AWS credentials, region and optional endpoint).
    /// </summary>
    private static void AddS3Listener(this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> shards, TemporalServer temporal,
        LocalCloudServices? cloud)
    {
        if (cloud is null && string.IsNullOrEmpty(builder.Configuration["Parameters:sqs-queue-url"]))
        {
            return;
        }
        var listener = builder.AddProject<Projects.TemporalFlow_Listeners>("s3-listener", launchProfileName: "s3")
            .WithArgs("--listener", "s3")
            .WithEnvironment("Orchestrator__Shards", shards)
            .WithTemporal(temporal)
            .WithHttpHealthCheck("/health");
        if (cloud is not null)
        {
            listener.WithEnvironment("SQS_QUEUE_URL", cloud.QueueUrl).WithLocalAws(cloud);
            return;
        }
        listener.WithEnvironment("SQS_QUEUE_URL", builder.AddParameter("sqs-queue-url")).WithAwsParameters();
    }

    private static IResourceBuilder<ProjectResource> WithAwsParameters(this IResourceBuilder<ProjectResource> project) =>
        project.WithParameterIfGiven("aws-access-key-id", "AWS_ACCESS_KEY_ID", secret: true)
            .WithParameterIfGiven("aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", secret: true)
            .WithParameterIfGiven("aws-region", "AWS_REGION", secret: false)
            .WithParameterIfGiven("aws-endpoint-url", "AWS_ENDPOINT_URL", secret: false);

    /// <summary>A parameter that publishing requires (azd asks for its value); in run mode passed only when given.</summary>
    private static IResourceBuilder<ProjectResource> WithRequiredWhenPublished(this IResourceBuilder<ProjectResource> project, string parameter, string variable,
        bool secret) =>
        project.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? project.WithEnvironment(variable, project.ApplicationBuilder.AddParameter(parameter, secret: secret))
            : project.WithParameterIfGiven(parameter, variable, secret: secret);

    /// <summary>Passes an AppHost parameter as an environment variable, only when the parameter has a value.</summary>
    private static IResourceBuilder<ProjectResource> WithParameterIfGiven(this IResourceBuilder<ProjectResource> project, string parameter,
        string variable, bool secret)
    {
        var builder = project.ApplicationBuilder;
        return string.IsNullOrEmpty(builder.Configuration[$"Parameters:{parameter}"])
            ? project
            : project.WithEnvironment(variable, builder.AddParameter(parameter, secret: secret));
    }
}
