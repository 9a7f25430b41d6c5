using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.SQS;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Listeners.Azure;
using TemporalFlow.Listeners.S3;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Listeners;
using TemporalFlow.Tests.Support;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Reliability;

/// <summary>At-least-once delivery end to end: every event delivered three times, through all three listeners, in shuffled order.</summary>
public sealed class RedeliveryTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Events = 1_000;
    private const int Copies = 3;

    [Fact]
    public Task AThousandEventsDeliveredThreeTimesEachStartAThousandWorkflowsAndWriteAThousandLedgerRows() => Task.Run(async () =>
    {
        await using var pipeline = await PipelineUnderTest.StartAsync(postgres);
        var shards = new OrchestratorShards(2);
        await using var webhooks = await WebhookListenerHost.StartAsync(pipeline.Address, settings: "WEBHOOK_RATE_LIMIT=0");
        await using var fauxqs = await LocalNodeServer.StartFauxqsAsync();
        using var sqs = FauxqsClients.Sqs(fauxqs.Url);
        var queueUrl = (await sqs.CreateQueueAsync("redelivery")).QueueUrl;
        using var pump = new SqsEventPump(sqs, new TemporalEventDelivery(pipeline.Client, shards),
            Options.Create(new S3ListenerOptions { QueueUrl = queueUrl, WaitTimeSeconds = 1 }), TimeProvider.System, NullLogger<SqsEventPump>.Instance);
        await pump.StartAsync(CancellationToken.None);
        var serviceBus = new ServiceBusMessageHandler(new TemporalEventDelivery(pipeline.Client, shards), TimeProvider.System, NullLogger<ServiceBusMessageHandler>.Instance);

        var deliveries = Enumerable.Range(0, Events).SelectMany(i => Enumerable.Repeat(i, Copies)).ToArray();
        new Random(20261127).Shuffle(deliveries);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            switch (i % 3)
            {
                case 0:
                    using (var response = await webhooks.Http.PostAsJsonAsync("/webhook", new { eventType = "incident", source = "monitoring", eventId = $"evt-redelivered-{i}", message = $"event {i}" }, ct))
                    {
                        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    }
                    break;
                case 1:
                    await sqs.SendMessageAsync(queueUrl, S3Notification(i), ct);
                    break;
                default:
                    var message = ServiceBusModelFactory.ServiceBusReceivedMessage(BinaryData.FromString(BlobCreated(i)), messageId: Guid.NewGuid().ToString());
                    Assert.Equal(MessageOutcome.Complete, (await serviceBus.HandleAsync(message, ct)).Outcome);
                    break;
            }
        });
        var rows = await PipelineUnderTest.WaitForLedgerAsync(postgres, Events, TimeSpan.FromMinutes(3));
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a late duplicate, were there to be one
        await pump.StopAsync(CancellationToken.None);

        var workflows = await pipeline.Client.CountWorkflowsAsync("WorkflowType = 'IncidentWorkflow' OR WorkflowType = 'DocumentProcessingWorkflow'");
        output.WriteLine($"{Events * Copies} deliveries ({Events} events x {Copies}, shuffled over webhook, SQS and Service Bus) -> " +
            $"{rows} ledger rows, {workflows.Count} domain workflows, in {seconds:F1} s ({Events * Copies / seconds:F0} deliveries/s)");
        Assert.Equal(Events, await postgres.CountAsync("SELECT count(*) FROM event_ledger"));
        Assert.Equal(Events, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE status = 'routed'"));
        Assert.Equal(Events, workflows.Count);
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible);
    }).WaitAsync(TimeSpan.FromMinutes(6));

    private static string S3Notification(int i) => S3Events.Notification("redelivery", $"docs/{i}.txt", 100 + i, $"etag-{i}", $"{i:X12}");

    private static string BlobCreated(int i) => JsonSerializer.Serialize(new
    {
        id = $"00000000-0000-0000-0000-{i:D12}",
        topic = "/subscriptions/x/storageAccounts/account",
        subject = $"/blobServices/default/containers/docs/blobs/{i}.txt",
        eventType = "Microsoft.Storage.BlobCreated",
        eventTime = "2026-11-27T10:00:00Z",
        dataVersion = "1",
        metadataVersion = "1",
        data = new { api = "PutBlob", contentType = "text/plain", contentLength = 12, blobType = "BlockBlob", url = $"https://account.blob.core.windows.net/docs/{i}.txt" },
    });
}
