using System.Text.Json;
using Azure.Messaging.ServiceBus;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Listeners.Webhooks;
using TemporalFlow.ServiceDefaults.Tracing;

namespace TemporalFlow.Listeners.Azure;

public enum MessageOutcome
{
    /// <summary>Every event was accepted by Temporal: complete the message.</summary>
    Complete,

    /// <summary>A transient failure (Temporal unavailable): abandon, so Service Bus redelivers it.</summary>
    Abandon,

    /// <summary>The message can never be handled: dead-letter it with the reason.</summary>
    DeadLetter,
}

public sealed record HandledMessage(MessageOutcome Outcome, string? Reason = null);

/// <summary>
/// One Service Bus message (Event Grid schema or CloudEvents schema, as Event Grid delivers blob events): its events go to
/// the orchestrator; the verdict says how to settle the message.
/// </summary>
public sealed partial class ServiceBusMessageHandler(IEventDelivery delivery, TimeProvider clock, ILogger<ServiceBusMessageHandler> logger)
{
    /// <param name="entity">The queue or topic subscription it came from, for the processing span.</param>
    public async Task<HandledMessage> HandleAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken, string entity = "servicebus")
    {
        using var span = MessageTracing.Process("servicebus", entity, message.MessageId);
        List<FlowEvent> events = [];
        try
        {
            var now = clock.GetUtcNow();
            foreach (var json in EventGridMapping.Parse(message.Body))
            {
                var parsed = EventParser.Parse(json, now);
                if (parsed.Event is not { } flowEvent || !parsed.IsValid)
                {
                    return DeadLetter(message, parsed.Reason);
                }
                events.Add(flowEvent);
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            return DeadLetter(message, $"not an Event Grid event or CloudEvent: {ex.Message}");
        }
        try
        {
            foreach (var flowEvent in events)
            {
                await delivery.DeliverAsync(flowEvent, cancellationToken);
            }
            return new HandledMessage(MessageOutcome.Complete);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAbandoned(logger, message.MessageId, message.DeliveryCount, ex.GetType().Name);
            return new HandledMessage(MessageOutcome.Abandon, ex.GetType().Name);
        }
    }

    private HandledMessage DeadLetter(ServiceBusReceivedMessage message, string reason)
    {
        LogDeadLettered(logger, message.MessageId, reason);
        return new HandledMessage(MessageOutcome.DeadLetter, reason.Length > 4000 ? reason[..4000] : reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (delivery {DeliveryCount}) was not delivered ({ErrorType}); abandoned for redelivery")]
    private static partial void LogAbandoned(ILogger logger, string messageId, int deliveryCount, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is malformed and was dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, string reason);
}
