using Azure.Messaging.ServiceBus;

namespace TemporalFlow.Listeners.Azure;

public static partial class AzureListenerExtensions
{
    /// <summary>
    /// The Azure blob listener (<c>--listener azure</c>). Without <c>AZURE_SERVICEBUS_CONNECTION_STRING</c> it logs why and how
    /// to enable it and exits 0, as the product description shows; with it, a host with health endpoints and the processor.
    /// </summary>
    public static Task<int> RunAzureListenerAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default) =>
        QueueListenerHost.RunAsync(args, "AZURE_SERVICEBUS_CONNECTION_STRING", "TemporalFlow.Listeners.Azure", logger =>
        {
            LogNoConnection(logger);
            LogWillNotStart(logger);
            LogHowToEnable(logger);
            LogShuttingDown(logger);
        }, builder =>
        {
            builder.Services.AddSingleton(new ServiceBusClient(builder.Configuration["AZURE_SERVICEBUS_CONNECTION_STRING"]));
            builder.Services.AddSingleton<ServiceBusEventHandler>();
            builder.Services.AddHostedService<ServiceBusListener>();
        }, configure, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AZURE_SERVICEBUS_CONNECTION_STRING environment variable is not set")]
    private static partial void LogNoConnection(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Blob Event Listener will not start without Service Bus configuration")]
    private static partial void LogWillNotStart(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "To enable Azure blob event listening, set AZURE_SERVICEBUS_CONNECTION_STRING")]
    private static partial void LogHowToEnable(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Blob Event Listener shutting down gracefully...")]
    private static partial void LogShuttingDown(ILogger logger);
}
