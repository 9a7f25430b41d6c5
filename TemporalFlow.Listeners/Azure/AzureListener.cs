using Azure.Messaging.ServiceBus;

namespace TemporalFlow.Listeners.Azure;

/// <summary>The Azure blob listener's services (its definition: <see cref="ListenerRegistry.Azure"/>): the Service Bus processor.</summary>
public static class AzureListener
{
    public static void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new ServiceBusClient(builder.Configuration["AZURE_SERVICEBUS_CONNECTION_STRING"]));
        builder.Services.AddSingleton<ServiceBusMessageHandler>();
        builder.Services.AddHostedService<ServiceBusListener>();
    }
}
