using System.Text.Json;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core;
using TemporalFlow.Core.Events;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Orchestrator;

/// <summary>
/// Continue-as-new hands the next run a bounded input whatever came before: a real server refuses a payload over 2 MB
/// (https://docs.temporal.io/cloud/limits#per-message-grpc-limit, and the self-hosted default limit.blobSize.error), and the
/// emulator enforces it, so an oversized carry-over would fail the closing task and stall the shard.
/// </summary>
public sealed class CarryOverLimitTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int PayloadWarning = 512 * 1024; // the SDK warns of payloads over this (TMPRL1103); the server refuses them over 2 MB

    /// <summary>
    /// The worst case: 10,000 unroutable events, each of its own long event type and source, the last 1,000 of 255 KiB (so the
    /// kept dead letters are the largest events). Every run closes with an input under the limit; nothing fails or is lost.
    /// </summary>
    [Fact]
    public Task TenThousandDistinctDeadLettersOfMaximumSizeEventsContinueAsNewWithinTheLimits() => OrchestratorHarness.RunAsync(postgres, cacheOff: false, async s =>
    {
        const int Events = 10_000;
        const string Id = "root-orchestrator-0";
        await s.Client.StartWorkflowAsync("RootOrchestratorWorkflow", [new { continueAsNewAfterEvents = 300 }], new(Id, TaskQueues.RootOrchestrator));
        var delivery = new TemporalEventDelivery(s.Client, new OrchestratorShards(1), new PostgresEventLedger(postgres.DataSource));
        var marker = Guid.NewGuid().ToString("N")[..8];
        var padding = new string('x', 255 * 1024 - 1_000);
        await Parallel.ForEachAsync(Enumerable.Range(0, Events), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await delivery.DeliverAsync(Unroutable(marker, i, i >= Events - 1_000 ? padding : "small"), ct));

        var stats = await Poll.UntilAsync(() => s.Client.GetWorkflowHandle(Id).QueryAsync<JsonElement>("stats", []), st => st.Long("rejected") == Events);
        Assert.Equal((Events, 0L), (stats.Long("rejected"), stats.Long("routed")));
        Assert.InRange(stats.GetProperty("byEventType").EnumerateObject().Count(), 1, TemporalFlow.Orchestrator.Workflows.OrchestratorStats.TopKeys + 1);
        Assert.InRange(stats.GetProperty("bySource").EnumerateObject().Count(), 1, TemporalFlow.Orchestrator.Workflows.OrchestratorStats.TopKeys + 1);
        Assert.Equal(Events, stats.GetProperty("byEventType").EnumerateObject().Sum(kind => kind.Value.Long("rejected")));
        var letters = await s.Client.GetWorkflowHandle(Id).QueryAsync<List<JsonElement>>("deadLetters", []);
        Assert.NotEmpty(letters);
        Assert.All(letters, letter => Assert.False(letter.TryGetProperty("event", out _)));
        Assert.Equal(Events, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE event_id LIKE @m AND status = 'dead-lettered'", ("m", $"worst-{marker}-%")));

        var (runs, largest) = (0, 0);
        await foreach (var run in s.Client.ListWorkflowsAsync($"WorkflowId = '{Id}'"))
        {
            var history = await s.Client.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync();
            // A refused close (UNHANDLED_COMMAND: a signal came while the closing task ran) is how closing works; nothing else may fail.
            Assert.DoesNotContain(history.Events, e => e.EventType == EventType.WorkflowExecutionTerminated
                || e.WorkflowTaskFailedEventAttributes?.Cause is { } cause && cause != WorkflowTaskFailedCause.UnhandledCommand);
            if (history.Events.Last().WorkflowExecutionContinuedAsNewEventAttributes is { } closed)
            {
                largest = Math.Max(largest, closed.Input.CalculateSize());
                runs++;
            }
        }
        output.WriteLine($"{runs} runs closed with continue-as-new; the largest input was {largest:N0} bytes ({letters.Count} dead letters kept)");
        Assert.True(runs >= 3, $"the events should span several runs; {runs} closed");
        Assert.InRange(largest, 1, PayloadWarning);
        await s.TrackAllRunsAsync(Id);
        await s.Client.GetWorkflowHandle(Id).TerminateAsync("test finished");
    });

    /// <summary>An event no rule routes, with its own 200-character event type and source.</summary>
    private static FlowEvent Unroutable(string marker, int i, string message)
    {
        var json = JsonSerializer.SerializeToElement(new
        {
            eventId = $"worst-{marker}-{i}",
            eventType = $"kind-{i}-".PadRight(200, 'k'),
            source = $"source-{i}-".PadRight(200, 's'),
            message,
        });
        return EventParser.Parse(json, DateTimeOffset.UtcNow).Event!;
    }
}
