using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Listeners;
using TemporalFlow.Listeners.Azure;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;

namespace TemporalFlow.Tests.Listeners;

/// <summary>
/// The Azure listener's message handler, fed messages made with ServiceBusModelFactory: the one fake in the suite, because
/// no Service Bus broker can run here. Delivery goes to the emulator for real.
/// </summary>
public sealed class AzureListenerTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private static ServiceBusReceivedMessage FakeServiceBusMessage(string body, int deliveryCount = 1) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(BinaryData.FromString(body), messageId: Guid.NewGuid().ToString(), deliveryCount: deliveryCount);

    private static string BlobCreated(string id, string url) => $$"""
        {"id":"{{id}}","topic":"/subscriptions/x/storageAccounts/account","subject":"/blobServices/default/containers/docs/blobs/a.txt",
         "data":{"api":"PutBlob","contentType":"text/plain","contentLength":12,"blobType":"BlockBlob","url":"{{url}}","eTag":"0x8D"},
         "eventType":"Microsoft.Storage.BlobCreated","eventTime":"2026-11-26T10:00:00Z","dataVersion":"1","metadataVersion":"1"}
        """;

    private ServiceBusMessageHandler Handler(string? address = null) => new(
        new TemporalEventDelivery(address is null ? server.Environment.Client : Temporalio.Client.TemporalClient.CreateLazy(new(address)), new OrchestratorShards(1)),
        TimeProvider.System, NullLogger<ServiceBusMessageHandler>.Instance);

    [Fact]
    public async Task BlobCreatedInEitherSchemaIsDeliveredThenCompleted()
    {
        var id = Guid.NewGuid().ToString();
        var handler = Handler();
        Assert.Equal(MessageOutcome.Complete, (await handler.HandleAsync(FakeServiceBusMessage(BlobCreated(id, "https://account.blob.core.windows.net/docs/a.txt")), default)).Outcome);
        // Service Bus redelivers: the same event id again, which the orchestrator drops.
        Assert.Equal(MessageOutcome.Complete, (await handler.HandleAsync(FakeServiceBusMessage(BlobCreated(id, "https://account.blob.core.windows.net/docs/a.txt"), 2), default)).Outcome);
        var cloudEvent = $$$"""{"specversion":"1.0","id":"{{{Guid.NewGuid()}}}","source":"/subscriptions/x","type":"Microsoft.Storage.BlobCreated","data":{"url":"https://account.blob.core.windows.net/docs/b.txt","contentLength":3}}""";
        Assert.Equal(MessageOutcome.Complete, (await handler.HandleAsync(FakeServiceBusMessage(cloudEvent), default)).Outcome);

        var history = await server.Environment.Client.GetWorkflowHandle($"{OrchestratorShards.WorkflowIdPrefix}0").FetchHistoryAsync();
        var delivered = SignaledEvents.In(history).ToList();
        var mine = delivered.Where(e => e.GetProperty("eventId").GetString() == $"eg-{id}").ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal("document-added", mine[0].GetProperty("eventType").GetString());
        Assert.Equal("azure-blob", mine[0].GetProperty("source").GetString());
        Assert.Equal("https://account.blob.core.windows.net/docs/a.txt", mine[0].GetProperty("documentUri").GetString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"unexpected":"shape"}""")]
    public async Task MalformedMessagesAreDeadLetteredWithTheReason(string body)
    {
        var handled = await Handler().HandleAsync(FakeServiceBusMessage(body), default);
        Assert.Equal(MessageOutcome.DeadLetter, handled.Outcome);
        Assert.False(string.IsNullOrEmpty(handled.Reason));
    }

    [Fact]
    public async Task ABlobUrlThatIsNotADocumentUriIsDeadLettered()
    {
        var handled = await Handler().HandleAsync(FakeServiceBusMessage(BlobCreated(Guid.NewGuid().ToString(), "not-a-url")), default);
        Assert.Equal(MessageOutcome.DeadLetter, handled.Outcome);
        Assert.Contains("documentUri", handled.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTemporalIsUnavailableTheMessageIsAbandonedForRedelivery()
    {
        var handled = await Handler("127.0.0.1:1").HandleAsync(FakeServiceBusMessage(BlobCreated(Guid.NewGuid().ToString(), "https://account.blob.core.windows.net/docs/c.txt")), default);
        Assert.Equal(MessageOutcome.Abandon, handled.Outcome);
    }

    [Fact]
    public async Task WithoutAConnectionStringTheListenerExplainsAndExitsCleanly()
    {
        Assert.Equal(0, await ListenerHost.RunAsync(ListenerRegistry.Azure, ["--AZURE_SERVICEBUS_CONNECTION_STRING="]).WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
