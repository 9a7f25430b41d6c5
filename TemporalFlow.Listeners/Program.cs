using TemporalFlow.Listeners;
using TemporalFlow.Listeners.Azure;
using TemporalFlow.Listeners.S3;

// --listener webhook|s3|azure (or the Listener setting); the webhook listener is the default.
return ListenerExtensions.ChooseListener(args) switch
{
    "s3" => await S3ListenerExtensions.RunS3ListenerAsync(args),
    "azure" => await AzureListenerExtensions.RunAzureListenerAsync(args),
    _ => await ListenerExtensions.RunWebhookListenerAsync(args),
};
