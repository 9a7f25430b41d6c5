using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using TemporalFlow.Listeners;
using TemporalFlow.Listeners.S3;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;

namespace TemporalFlow.Tests.Listeners;

/// <summary>The S3 listener against fauxqs (a real local SQS) and the emulator.</summary>
public sealed class S3ListenerTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private static string Notification(params string[] keys) => JsonSerializer.Serialize(new
    {
        Records = keys.Select((key, i) => new
        {
            eventVersion = "2.1",
            eventSource = "aws:s3",
            awsRegion = "us-east-1",
            eventTime = "2026-11-26T10:00:00.000Z",
            eventName = "ObjectCreated:Put",
            s3 = new { bucket = new { name = "my-documents" }, @object = new { key, size = 1024 + i, eTag = $"etag{i}", sequencer = $"00{i}{Guid.NewGuid():N}" } },
        }),
    });

    [Fact]
    public void NotificationsBecomeDocumentEventsWithDecodedKeys()
    {
        var events = S3NotificationParser.Parse(Notification("uploads/my+report%282026%29.pdf", "b.txt"));
        Assert.Equal(2, events.Count);
        Assert.Equal("uploads/my report(2026).pdf", events[0].GetProperty("key").GetString());
        Assert.Equal("s3://my-documents/uploads/my%20report%282026%29.pdf", events[0].GetProperty("documentUri").GetString());
        Assert.Equal("document-added", events[1].GetProperty("eventType").GetString());
        Assert.Equal(1025, events[1].GetProperty("size").GetInt64());
        Assert.Empty(S3NotificationParser.Parse("""{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"my-documents"}"""));
        var wrapped = JsonSerializer.Serialize(new { Type = "Notification", Message = Notification("c.txt") });
        Assert.Equal("c.txt", Assert.Single(S3NotificationParser.Parse(wrapped)).GetProperty("key").GetString());
        Assert.Throws<FormatException>(() => S3NotificationParser.Parse("""{"unexpected":true}"""));
    }

    [Fact]
    public async Task WithoutAQueueUrlTheListenerExplainsAndExitsCleanly()
    {
        var exitCode = await ListenerHost.RunAsync(ListenerRegistry.S3, ["--SQS_QUEUE_URL="]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task MessagesAreDeletedOnlyAfterTheirEventsReachTemporal()
    {
        await using var fauxqs = await LocalNodeServer.StartFauxqsAsync();
        using var sqs = FauxqsClients.Sqs(fauxqs.Url);
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest($"s3-events-{Guid.NewGuid():N}")
        {
            Attributes = new() { ["VisibilityTimeout"] = "1" },
        })).QueueUrl;
        var notification = Notification($"uploads/{Guid.NewGuid():N}.pdf", "second.txt");
        await sqs.SendMessageAsync(queueUrl, notification);
        await sqs.SendMessageAsync(queueUrl, notification); // delivered twice: same event ids
        await sqs.SendMessageAsync(queueUrl, """{"Event":"s3:TestEvent"}""");

        using var stop = new CancellationTokenSource();
        var listener = ListenerHost.RunAsync(ListenerRegistry.S3,
            ["--urls", "http://127.0.0.1:0", $"--SQS_QUEUE_URL={queueUrl}", $"--AWS_ENDPOINT_URL_SQS={fauxqs.Url}", "--AWS_ACCESS_KEY_ID=test",
             "--AWS_SECRET_ACCESS_KEY=test", "--SQS_WAIT_TIME_SECONDS=1", $"--TEMPORAL_ADDRESS={server.Environment.Client.Connection.Options.TargetHost}"],
            b => b.Logging.SetMinimumLevel(LogLevel.Warning), stop.Token);
        try
        {
            await WaitUntilEmptyAsync(sqs, queueUrl);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await listener.WaitAsync(TimeSpan.FromSeconds(60)));
        }

        var expected = S3NotificationParser.Parse(notification).Select(e => Core.Events.EventParser.Parse(e, DateTimeOffset.UtcNow).Event!.EventId).ToList();
        var signaled = new List<string>();
        await foreach (var run in server.Environment.Client.ListWorkflowsAsync("WorkflowType = 'RootOrchestratorWorkflow'"))
        {
            var history = await server.Environment.Client.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync();
            signaled.AddRange(SignaledEvents.In(history)
                .Where(e => expected.Contains(e.GetProperty("eventId").GetString()!))
                .Select(e => e.GetProperty("eventId").GetString()!));
        }
        // Two records, each delivered twice (the message came twice) with the same event id: the orchestrator keeps one.
        Assert.Equal(expected.SelectMany(id => new[] { id, id }).Order(), signaled.Order());
    }

    [Fact]
    public async Task WhenTemporalIsUnavailableTheMessageStaysOnTheQueue()
    {
        await using var fauxqs = await LocalNodeServer.StartFauxqsAsync();
        using var sqs = FauxqsClients.Sqs(fauxqs.Url);
        var queueUrl = (await sqs.CreateQueueAsync($"s3-events-{Guid.NewGuid():N}")).QueueUrl;
        await sqs.SendMessageAsync(queueUrl, Notification("kept.txt"));

        var client = Temporalio.Client.TemporalClient.CreateLazy(new("127.0.0.1:1"));
        var pump = new SqsEventPump(sqs, new Adapters.Temporal.TemporalEventDelivery(client, new Adapters.Temporal.OrchestratorShards(1)),
            Microsoft.Extensions.Options.Options.Create(new S3ListenerOptions { QueueUrl = queueUrl }), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqsEventPump>.Instance);
        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(queueUrl) { VisibilityTimeout = 1 })).Messages);
        Assert.False(await pump.HandleAsync(message, queueUrl));

        await Task.Delay(1500); // the visibility timeout passes: the message is back
        var again = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(queueUrl) { WaitTimeSeconds = 5 })).Messages);
        Assert.Equal(message.MessageId, again.MessageId);
    }

    [Fact]
    public async Task ShutdownFinishesTheMessagesInHand()
    {
        await using var fauxqs = await LocalNodeServer.StartFauxqsAsync();
        using var sqs = FauxqsClients.Sqs(fauxqs.Url);
        var queueUrl = (await sqs.CreateQueueAsync($"s3-events-{Guid.NewGuid():N}")).QueueUrl;
        await sqs.SendMessageAsync(queueUrl, Notification($"shutdown/{Guid.NewGuid():N}.txt"));

        var inHand = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var delivery = new SlowedDelivery(new Adapters.Temporal.TemporalEventDelivery(server.Environment.Client, new Adapters.Temporal.OrchestratorShards(1)), inHand);
        using var pump = new SqsEventPump(sqs, delivery, Microsoft.Extensions.Options.Options.Create(new S3ListenerOptions { QueueUrl = queueUrl, WaitTimeSeconds = 1 }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqsEventPump>.Instance);
        await pump.StartAsync(CancellationToken.None);
        await inHand.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await pump.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)); // shutdown begins while the message is in hand
        Assert.Equal(1, delivery.Delivered);
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible);
    }

    /// <summary>The real delivery, made slow, so that a test can stop the listener while a message is being handled.</summary>
    private sealed class SlowedDelivery(Core.Ports.IEventDelivery inner, TaskCompletionSource inHand) : Core.Ports.IEventDelivery
    {
        public int Delivered { get; private set; }

        public async Task<Core.Ports.DeliveryReceipt> DeliverAsync(Core.Events.FlowEvent flowEvent, CancellationToken cancellationToken)
        {
            inHand.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var receipt = await inner.DeliverAsync(flowEvent, cancellationToken);
            Delivered++;
            return receipt;
        }
    }

    private static async Task WaitUntilEmptyAsync(IAmazonSQS sqs, string queueUrl)
    {
        for (var i = 0; i < 300; i++)
        {
            var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            if (attributes.ApproximateNumberOfMessages == 0 && attributes.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("The listener did not consume the queue within 30 s.");
    }
}
