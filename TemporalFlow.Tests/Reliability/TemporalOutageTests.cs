using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Listeners.S3;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Listeners;
using TemporalFlow.Tests.Support;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Reliability;

/// <summary>Temporal down for 10 s in the middle of an SQS run and a webhook burst: afterwards every event is processed, once.</summary>
public sealed class TemporalOutageTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int SqsMessages = 1_000;
    private const int WebhookEvents = 200;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public Task NothingIsLostOrDuplicatedWhenTemporalIsUnavailableForTenSeconds() => Task.Run(async () =>
    {
        await using var pipeline = await PipelineUnderTest.StartAsync(postgres, emulatorOnly: true);
        var shards = new OrchestratorShards(2);
        await using var webhooks = await WebhookListenerHost.StartAsync(pipeline.Address, settings: "WEBHOOK_RATE_LIMIT=0");
        await using var fauxqs = await LocalNodeServer.StartFauxqsAsync();
        using var sqs = FauxqsClients.Sqs(fauxqs.Url);
        // A short visibility timeout: a message whose delivery failed comes back soon after the outage.
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest("outage") { Attributes = new() { ["VisibilityTimeout"] = "3" } })).QueueUrl;
        var sqsDelivery = new CountingDelivery(new TemporalEventDelivery(pipeline.Client, shards));
        using var pump = new SqsEventPump(sqs, sqsDelivery,
            Options.Create(new S3ListenerOptions { QueueUrl = queueUrl, WaitTimeSeconds = 1 }), TimeProvider.System, NullLogger<SqsEventPump>.Instance);
        var retryAfters = new ConcurrentBag<string>();
        var accepted = 0;
        var clock = Stopwatch.StartNew();

        await pump.StartAsync(CancellationToken.None);
        var sending = Task.Run(async () =>
        {
            for (var batch = 0; batch < SqsMessages / 10; batch++) // over about 12 s, across the outage
            {
                await sqs.SendMessageBatchAsync(queueUrl, [.. Enumerable.Range(batch * 10, 10).Select(i => new SendMessageBatchRequestEntry($"m{i}", S3Notification(i)))]);
                await Task.Delay(120);
            }
        });
        var burst = Parallel.ForEachAsync(Enumerable.Range(0, WebhookEvents), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var due = TimeSpan.FromMilliseconds(i * 60) - clock.Elapsed; // spread over about 12 s, across the outage
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }
            while (true)
            {
                using var response = await webhooks.Http.PostAsJsonAsync("/webhook", new { eventType = "incident", source = "monitoring", eventId = $"evt-outage-{i}", message = $"burst {i}" }, ct);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                    return;
                }
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                var retryAfter = response.Headers.GetValues("Retry-After").Single();
                retryAfters.Add(retryAfter);
                await Task.Delay(TimeSpan.FromSeconds(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture)), ct); // as a well-behaved caller does
            }
        });
        // Well under way, with most of both streams still to come. Intake is the measure: under a loaded machine the ledger lags it,
        // and an outage timed by the ledger could begin after the last webhook was accepted.
        await Poll.UntilAsync(() => Volatile.Read(ref accepted) >= WebhookEvents / 4);
        var before = await postgres.CountAsync("SELECT count(*) FROM event_ledger");
        pipeline.Emulator!.SimulateOutage(true);
        await Task.Delay(Outage);
        pipeline.Emulator.SimulateOutage(false);
        var resumedAt = clock.Elapsed;
        await burst;
        await sending;
        var progress = Task.Run(async () =>
        {
            for (var seen = 0L; seen < SqsMessages + WebhookEvents && clock.Elapsed - resumedAt < TimeSpan.FromMinutes(4); await Task.Delay(5000))
            {
                seen = await postgres.CountAsync("SELECT count(*) FROM event_ledger");
                output.WriteLine($"  {(clock.Elapsed - resumedAt).TotalSeconds:F0} s after Temporal returned: {seen} events in the ledger");
            }
        });
        var rows = await PipelineUnderTest.WaitForLedgerAsync(postgres, SqsMessages + WebhookEvents, TimeSpan.FromMinutes(4));
        var recovered = clock.Elapsed - resumedAt;
        await progress;
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a late duplicate, were there to be one
        await pump.StopAsync(CancellationToken.None);

        var workflows = await pipeline.Client.CountWorkflowsAsync("WorkflowType = 'IncidentWorkflow' OR WorkflowType = 'DocumentProcessingWorkflow'");
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        output.WriteLine($"{SqsMessages} SQS messages + {WebhookEvents} webhook events; Temporal unavailable for {Outage.TotalSeconds:F0} s after {before} events: " +
            $"{retryAfters.Count} webhook answers were 503 with Retry-After, all retried to 202; {sqsDelivery.Failed} SQS deliveries failed and their messages " +
            $"came back; all {rows} events in the ledger {recovered.TotalSeconds:F1} s after " +
            $"Temporal returned; {workflows.Count} domain workflows");
        Assert.NotEmpty(retryAfters);
        Assert.True(sqsDelivery.Failed > 0, "The outage should have hit SQS deliveries too.");
        Assert.Equal(SqsMessages + WebhookEvents, rows);
        Assert.Equal(SqsMessages + WebhookEvents, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE status = 'routed'"));
        Assert.Equal(SqsMessages + WebhookEvents, workflows.Count);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible);
    }).WaitAsync(TimeSpan.FromMinutes(8));

    /// <summary>The real delivery, counting the attempts Temporal refused.</summary>
    private sealed class CountingDelivery(Core.Ports.IEventDelivery inner) : Core.Ports.IEventDelivery
    {
        private int failed;

        public int Failed => failed;

        public async Task<Core.Ports.DeliveryReceipt> DeliverAsync(Core.Events.FlowEvent flowEvent, CancellationToken cancellationToken)
        {
            try
            {
                return await inner.DeliverAsync(flowEvent, cancellationToken);
            }
            catch
            {
                Interlocked.Increment(ref failed);
                throw;
            }
        }
    }

    private static string S3Notification(int i) => S3Events.Notification("outage", $"docs/{i}.txt", 100 + i, $"etag-{i}", $"{i:X12}");
}
