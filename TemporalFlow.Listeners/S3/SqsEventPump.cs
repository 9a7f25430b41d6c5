using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.ServiceDefaults.Tracing;

namespace TemporalFlow.Listeners.S3;

/// <summary>
/// Long-polls SQS for S3 notifications and hands their events to the orchestrator. A message is deleted only after every
/// event in it was accepted by Temporal; a message that fails stays on the queue (visible again after its visibility
/// timeout, and moved by SQS's redrive policy to a dead-letter queue after repeated failures), with a log line per failure.
/// On shutdown it stops receiving and finishes the messages in hand.
/// </summary>
public sealed partial class SqsEventPump(IAmazonSQS sqs, IEventDelivery delivery, IOptions<S3ListenerOptions> options, TimeProvider clock,
    ILogger<SqsEventPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var slots = new SemaphoreSlim(Math.Max(1, settings.Concurrency));
        var inFlight = new List<Task>();
        LogStarted(logger, settings.QueueUrl!);
        while (!stoppingToken.IsCancellationRequested)
        {
            ReceiveMessageResponse received;
            try
            {
                received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = settings.QueueUrl,
                    MaxNumberOfMessages = 10,
                    WaitTimeSeconds = settings.WaitTimeSeconds,
                    MessageSystemAttributeNames = ["ApproximateReceiveCount"],
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (AmazonSQSException ex)
            {
                LogReceiveFailed(logger, ex.ErrorCode ?? ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }
            foreach (var message in received.Messages ?? [])
            {
                await slots.WaitAsync(CancellationToken.None);
                inFlight.RemoveAll(t => t.IsCompleted);
                // In-flight messages run to the end even when shutdown begins: they are finished, not abandoned.
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await HandleAsync(message, settings.QueueUrl!);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        await Task.WhenAll(inFlight);
        LogStopped(logger);
    }

    /// <summary>True when the message's events were accepted and the message deleted.</summary>
    public async Task<bool> HandleAsync(Message message, string queueUrl)
    {
        using var span = MessageTracing.Process("aws_sqs", queueUrl[(queueUrl.LastIndexOf('/') + 1)..], message.MessageId);
        var attempt = message.Attributes?.GetValueOrDefault("ApproximateReceiveCount") ?? "1";
        IReadOnlyList<JsonElement> events;
        try
        {
            events = S3NotificationParser.Parse(message.Body);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            LogMalformed(logger, message.MessageId, attempt, ex.Message);
            return false;
        }
        try
        {
            var now = clock.GetUtcNow();
            foreach (var json in events)
            {
                var parsed = EventParser.Parse(json, now);
                if (parsed.Event is not { } flowEvent || !parsed.IsValid)
                {
                    LogMalformed(logger, message.MessageId, attempt, parsed.Reason);
                    return false;
                }
                await delivery.DeliverAsync(flowEvent, CancellationToken.None);
            }
            await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, CancellationToken.None);
            LogDelivered(logger, message.MessageId, events.Count);
            return true;
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, message.MessageId, attempt, ex.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "S3 Event Listener polling {QueueUrl}")]
    private static partial void LogStarted(ILogger logger, string queueUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "S3 Event Listener stopped after finishing the messages in hand")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from SQS failed ({Error}); retrying")]
    private static partial void LogReceiveFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (receive {Attempt}) is not an S3 notification: {Reason}; left for the queue's redrive policy")]
    private static partial void LogMalformed(ILogger logger, string messageId, string attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (receive {Attempt}) was not delivered ({ErrorType}); it stays on the queue and comes back")]
    private static partial void LogDeliveryFailed(ILogger logger, string messageId, string attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId}: {Count} event(s) accepted, message deleted")]
    private static partial void LogDelivered(ILogger logger, string messageId, int count);
}
