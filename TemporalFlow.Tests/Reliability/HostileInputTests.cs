using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Listeners.Azure;
using TemporalFlow.Tests.Listeners;
using TemporalFlow.Tests.Support;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Reliability;

/// <summary>Thousands of hostile requests and messages: each refused with the right 4xx or dead-lettered with a reason; nothing reaches the ledger.</summary>
public sealed class HostileInputTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Bodies = 10_000;
    private const int Messages = 1_000;

    [Fact]
    public Task TenThousandHostileWebhookBodiesAndAThousandBadMessagesAreRefusedAndValidEventsStillFlow() => Task.Run(async () =>
    {
        await using var pipeline = await PipelineUnderTest.StartAsync(postgres);
        await using var listener = await WebhookListenerHost.StartAsync(pipeline.Address, maxBodyBytes: HostileBodies.MaxBodyBytes, settings: "WEBHOOK_RATE_LIMIT=0");
        var answers = new ConcurrentDictionary<(string Kind, int Expected, int Actual), int>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(HostileBodies.Generate(Bodies, seed: 20261126), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (hostile, ct) =>
        {
            using var content = new ByteArrayContent(hostile.Body);
            if (hostile.ContentType is not null)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(hostile.ContentType);
            }
            using var response = await listener.Http.PostAsync(new Uri("/webhook", UriKind.Relative), content, ct);
            answers.AddOrUpdate((hostile.Kind, hostile.Expected, (int)response.StatusCode), 1, (_, n) => n + 1);
        });
        var webhookSeconds = clock.Elapsed.TotalSeconds;

        var handler = new ServiceBusMessageHandler(new TemporalEventDelivery(pipeline.Client, new OrchestratorShards(2)), TimeProvider.System,
            NullLogger<ServiceBusMessageHandler>.Instance);
        var deadLettered = 0;
        // Service Bus caps messages at 256 KiB; an empty array is an empty Event Grid batch (nothing to do, rightly completed).
        foreach (var hostile in HostileBodies.Generate(Messages, seed: 7).Where(h => h.Body.Length < 256 * 1024 && !h.Body.AsSpan().SequenceEqual("[]"u8)))
        {
            var message = ServiceBusModelFactory.ServiceBusReceivedMessage(BinaryData.FromBytes(hostile.Body), messageId: Guid.NewGuid().ToString());
            var handled = await handler.HandleAsync(message, default);
            Assert.True(handled.Outcome == MessageOutcome.DeadLetter && !string.IsNullOrEmpty(handled.Reason), $"{hostile.Kind} {System.Text.Encoding.UTF8.GetString(hostile.Body)}: {handled.Outcome}");
            deadLettered++;
        }

        // The listener is still up, and a valid event goes all the way to the ledger; no hostile one got there.
        using var valid = await listener.Http.PostAsJsonAsync("/webhook", new { eventType = "incident", source = "monitoring", eventId = "evt-after-the-storm", message = "still here" });
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
        Assert.Equal(1, await PipelineUnderTest.WaitForLedgerAsync(postgres, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(1, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE event_id = 'evt-after-the-storm' AND status = 'routed'"));

        foreach (var ((kind, expected, actual), count) in answers.OrderBy(a => a.Key.Kind))
        {
            output.WriteLine($"{kind,-16} expected {expected}, got {actual}: {count}");
        }
        output.WriteLine($"{Bodies} hostile webhook bodies in {webhookSeconds:F1} s ({Bodies / webhookSeconds:F0}/s); {deadLettered} hostile Service Bus messages dead-lettered with reasons");
        Assert.All(answers, a => Assert.True(a.Key.Expected == a.Key.Actual, $"{a.Value} '{a.Key.Kind}' requests answered {a.Key.Actual}, expected {a.Key.Expected}"));
        Assert.Equal(Bodies, answers.Values.Sum());
    }).WaitAsync(TimeSpan.FromMinutes(5));
}
