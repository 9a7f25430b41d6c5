using Azure.Messaging.ServiceBus;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.ServiceDefaults;

namespace TemporalFlow.Listeners.Azure;

public static partial class AzureListenerExtensions
{
    /// <summary>
    /// The Azure blob listener (<c>--listener azure</c>). Without <c>AZURE_SERVICEBUS_CONNECTION_STRING</c> it logs why and how
    /// to enable it and exits 0, as the product description shows; with it, a host with health endpoints and the processor.
    /// </summary>
    public static async Task<int> RunAzureListenerAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var connectionString = builder.Configuration["AZURE_SERVICEBUS_CONNECTION_STRING"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
            var logger = loggers.CreateLogger("TemporalFlow.Listeners.Azure");
            LogNoConnection(logger);
            LogWillNotStart(logger);
            LogHowToEnable(logger);
            LogShuttingDown(logger);
            return 0;
        }

        builder.AddServiceDefaults();
        builder.AddTemporalClient();
        builder.AddTemporalEventDelivery();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new ServiceBusClient(connectionString));
        builder.Services.AddSingleton<ServiceBusEventHandler>();
        builder.Services.AddHostedService<ServiceBusListener>();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.RunAsync(cancellationToken);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AZURE_SERVICEBUS_CONNECTION_STRING environment variable is not set")]
    private static partial void LogNoConnection(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Blob Event Listener will not start without Service Bus configuration")]
    private static partial void LogWillNotStart(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "To enable Azure blob event listening, set AZURE_SERVICEBUS_CONNECTION_STRING")]
    private static partial void LogHowToEnable(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Blob Event Listener shutting down gracefully...")]
    private static partial void LogShuttingDown(ILogger logger);
}
