using TemporalFlow.Listeners.Azure;
using TemporalFlow.Listeners.S3;
using TemporalFlow.Listeners.Webhooks;

namespace TemporalFlow.Listeners;

/// <summary>
/// Every listener there is. Adding an event source is adding its definition here (docs/event-sources.md): the process
/// (<c>--listener NAME</c>), the AppHost's resources and the tests that walk this list take it from there.
/// </summary>
public static class ListenerRegistry
{
    public static readonly ListenerDefinition Webhook = new(
        Name: "webhook",
        EnabledBy: null, // always: it works without configuration, and warns about every route left without its secret
        Unconfigured: [],
        Settings:
        [
            new("WEBHOOK_SECRET", "webhook-secret", Secret: true, RequiredWhenPublished: true),
            new("SHAREPOINT_CLIENT_STATE", "sharepoint-client-state", Secret: true, RequiredWhenPublished: true),
            new("EVENTGRID_KEY", "eventgrid-key", Secret: true, RequiredWhenPublished: true),
        ],
        Register: WebhookListener.Register,
        Map: WebhookListener.Map);

    public static readonly ListenerDefinition S3 = new(
        Name: "s3",
        EnabledBy: "SQS_QUEUE_URL",
        Unconfigured:
        [
            "SQS_QUEUE_URL environment variable is not set",
            "S3 Event Listener will not start without SQS configuration",
            "To enable S3 event listening, set SQS_QUEUE_URL environment variable",
            "S3 Event Listener shutting down gracefully...",
        ],
        Settings:
        [
            new("SQS_QUEUE_URL", "sqs-queue-url", RequiredWhenPublished: true),
            new("AWS_ACCESS_KEY_ID", "aws-access-key-id", Secret: true, RequiredWhenPublished: true),
            new("AWS_SECRET_ACCESS_KEY", "aws-secret-access-key", Secret: true, RequiredWhenPublished: true),
            new("AWS_REGION", "aws-region", RequiredWhenPublished: true),
            new("AWS_ENDPOINT_URL", "aws-endpoint-url"),
        ],
        Register: S3Listener.Register);

    public static readonly ListenerDefinition Azure = new(
        Name: "azure",
        EnabledBy: "AZURE_SERVICEBUS_CONNECTION_STRING",
        Unconfigured:
        [
            "AZURE_SERVICEBUS_CONNECTION_STRING environment variable is not set",
            "Azure Blob Event Listener will not start without Service Bus configuration",
            "To enable Azure blob event listening, set AZURE_SERVICEBUS_CONNECTION_STRING",
            "Azure Blob Event Listener shutting down gracefully...",
        ],
        Settings:
        [
            new("AZURE_SERVICEBUS_CONNECTION_STRING", "azure-servicebus-connection-string", Secret: true, RequiredWhenPublished: true),
            new("AZURE_SERVICEBUS_TOPIC", "azure-servicebus-topic"),
            new("AZURE_SERVICEBUS_SUBSCRIPTION", "azure-servicebus-subscription"),
        ],
        Register: AzureListener.Register);

    public static IReadOnlyList<ListenerDefinition> All { get; } = [Webhook, S3, Azure];

    /// <summary>The listener to run: <c>--listener NAME</c>, else the <c>Listener</c> setting (or <c>LISTENER</c>), else the webhook listener.</summary>
    public static ListenerDefinition Choose(string[] args)
    {
        var index = Array.IndexOf(args, "--listener");
        var chosen = index >= 0 && index + 1 < args.Length ? args[index + 1]
            : Environment.GetEnvironmentVariable("Listener") ?? Environment.GetEnvironmentVariable("LISTENER") ?? Webhook.Name;
        return All.FirstOrDefault(l => string.Equals(l.Name, chosen, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"--listener {chosen} is not a listener; choose {string.Join(", ", All.Select(l => l.Name))}.");
    }
}
