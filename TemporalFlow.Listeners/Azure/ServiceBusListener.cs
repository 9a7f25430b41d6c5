using Azure.Messaging.ServiceBus;

namespace TemporalFlow.Listeners.Azure;

/// <summary>Runs a Service Bus processor on the topic subscription (or queue) and settles each message by the handler's verdict.</summary>
public sealed class ServiceBusListener(ServiceBusClient client, ServiceBusMessageHandler handler, IConfiguration configuration) : IHostedService, IAsyncDisposable
{
    private ServiceBusProcessor? processor;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = int.TryParse(configuration["AZURE_SERVICEBUS_CONCURRENCY"], out var calls) && calls > 0 ? calls : 4,
        };
        var queue = configuration["AZURE_SERVICEBUS_QUEUE"];
        processor = queue is { Length: > 0 }
            ? client.CreateProcessor(queue, options)
            : client.CreateProcessor(configuration["AZURE_SERVICEBUS_TOPIC"] ?? "blob-events",
                configuration["AZURE_SERVICEBUS_SUBSCRIPTION"] ?? "temporal-subscription", options);
        processor.ProcessMessageAsync += async args =>
        {
            var handled = await handler.HandleAsync(args.Message, args.CancellationToken, args.EntityPath);
            switch (handled.Outcome)
            {
                case MessageOutcome.Complete:
                    await args.CompleteMessageAsync(args.Message, args.CancellationToken);
                    break;
                case MessageOutcome.DeadLetter:
                    await args.DeadLetterMessageAsync(args.Message, "MalformedEvent", handled.Reason, args.CancellationToken);
                    break;
                default:
                    await args.AbandonMessageAsync(args.Message, cancellationToken: args.CancellationToken);
                    break;
            }
        };
        processor.ProcessErrorAsync += _ => Task.CompletedTask; // the SDK logs these itself, and retries
        await processor.StartProcessingAsync(cancellationToken);
    }

    /// <summary>Stops receiving; messages in hand finish first.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => processor?.StopProcessingAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (processor is not null)
        {
            await processor.DisposeAsync();
        }
    }
}
