using System.Text.Json;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Orchestrator;

/// <summary>Many events, redeliveries and shards through the delivery port (by reference, as listeners deliver): nothing lost, nothing started twice.</summary>
public sealed class OrchestratorDeliveryTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task AThousandEventsThroughOneOrchestratorWithContinueAsNewLoseNothing(bool cacheOff) => OrchestratorHarness.RunAsync(postgres, cacheOff, async s =>
    {
        var marker = Guid.NewGuid().ToString("N");
        var delivery = new TemporalEventDelivery(s.Client, new OrchestratorShards(1), new PostgresEventLedger(postgres.DataSource));
        var events = Enumerable.Range(0, 1000).Select(i => Incident($"{marker} #{i}")).ToList();
        // Continue as new every 40 history events, and send in four waves, each once the previous one made the run close: the
        // events span at least four runs (a steady stream leaves no quiet moment to close in, so a run may take all of one wave).
        await s.Client.StartWorkflowAsync("RootOrchestratorWorkflow", [new { continueAsNewAfterEvents = 40 }],
            new("root-orchestrator-0", Core.TaskQueues.RootOrchestrator));
        foreach (var (wave, index) in events.Chunk(250).Select((wave, index) => (wave, index)))
        {
            await Parallel.ForEachAsync(wave, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (e, ct) => await delivery.DeliverAsync(e, ct));
            while ((await s.Client.CountWorkflowsAsync("WorkflowId = 'root-orchestrator-0'")).Count < index + 2)
            {
                await Task.Delay(20);
            }
        }

        var stats = await OrchestratorHarness.WaitForAsync(s.Client, "root-orchestrator-0", "stats", st => st.Long("routed") >= 1000);
        Assert.Equal(1000, stats.Long("routed"));
        Assert.Equal(0, stats.Long("rejected"));
        Assert.Equal(1000, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE payload->>'message' LIKE @m AND status = 'routed'", ("m", $"{marker} #%")));
        Assert.Equal(1000, (await s.Client.CountWorkflowsAsync("WorkflowType = 'IncidentWorkflow'")).Count);
        // Group commit: events that arrived while a signal was in flight went together in trigger_batch signals.
        var signals = await SignalsAsync(s.Client, "root-orchestrator-0");
        Assert.Contains("trigger_batch", signals);
        Assert.True(signals.Count < 1000, $"1,000 events should take fewer signals than that with 16 in flight; took {signals.Count}");
        await s.TrackAllRunsAsync("root-orchestrator-0");
        await s.Client.GetWorkflowHandle("root-orchestrator-0").TerminateAsync("test finished");
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task EachEventDeliveredThreeTimesAcrossShardsStartsOneWorkflow(bool cacheOff) => OrchestratorHarness.RunAsync(postgres, cacheOff, async s =>
    {
        var marker = Guid.NewGuid().ToString("N");
        var shards = new OrchestratorShards(4);
        var delivery = new TemporalEventDelivery(s.Client, shards, new PostgresEventLedger(postgres.DataSource));
        var events = Enumerable.Range(0, 60).Select(i => Incident($"{marker} #{i}")).ToList();
        var deliveries = events.Concat(events).Concat(events).OrderBy(_ => Random.Shared.Next()).ToList();
        var receipts = new List<DeliveryReceipt>();
        foreach (var e in deliveries)
        {
            receipts.Add(await delivery.DeliverAsync(e, CancellationToken.None));
        }
        // The same event always goes to the same shard.
        Assert.All(receipts.GroupBy(r => r.EventId), g => Assert.Single(g.Select(r => r.OrchestratorWorkflowId).Distinct()));
        Assert.True(receipts.Select(r => r.OrchestratorWorkflowId).Distinct().Count() > 1, "events should spread over shards");

        var total = 0L;
        var duplicates = 0L;
        foreach (var shard in receipts.Select(r => r.OrchestratorWorkflowId).Distinct())
        {
            var expected = receipts.Where(r => r.OrchestratorWorkflowId == shard).Select(r => r.EventId).Distinct().Count();
            var stats = await OrchestratorHarness.WaitForAsync(s.Client, shard, "stats", st => st.Long("routed") >= expected);
            total += stats.Long("routed");
            duplicates += stats.Long("duplicates");
            await s.TrackAllRunsAsync(shard);
        }
        Assert.Equal(60, total);
        Assert.Equal(120, duplicates);
        Assert.Equal(60, (await s.Client.CountWorkflowsAsync("WorkflowType = 'IncidentWorkflow'")).Count);
        Assert.Equal(60, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE payload->>'message' LIKE @m", ("m", $"{marker} #%")));
    });

    /// <summary>
    /// A signal that arrives while the run's closing task runs (sent here from inside that task, so it always does) makes the
    /// server refuse the close with UNHANDLED_COMMAND; the run handles the event, closes later, and loses and doubles nothing.
    /// </summary>
    [Fact]
    public Task ASignalDuringTheClosingTaskRefusesTheCloseAndLosesNothing()
    {
        var lateSignal = new SignalWhileClosing();
        return OrchestratorHarness.RunAsync(postgres, cacheOff: false, async s =>
    {
        var marker = Guid.NewGuid().ToString("N");
        var id = $"refused-{marker}";
        var lateEvent = new { eventType = "incident", source = "monitoring", message = $"{marker} late" };
        var orchestrator = await s.Client.StartWorkflowAsync("RootOrchestratorWorkflow", [new { continueAsNewAfterEvents = 20 }],
            new(id, Core.TaskQueues.RootOrchestrator));
        lateSignal.Arm(s.Client, id, lateEvent);
        for (var i = 0; i < 5; i++)
        {
            await orchestrator.SignalAsync("trigger", [new { eventType = "incident", source = "monitoring", message = $"{marker} #{i}" }]);
        }

        var stats = await OrchestratorHarness.WaitForAsync(s.Client, id, "stats", st => st.Long("routed") >= 6);
        Assert.Equal((6, 0), (stats.Long("routed"), stats.Long("duplicates")));
        var first = await s.Client.GetWorkflowHandle(id, orchestrator.ResultRunId).FetchHistoryAsync();
        Assert.Contains(first.Events, e => e.WorkflowTaskFailedEventAttributes?.Cause == Temporalio.Api.Enums.V1.WorkflowTaskFailedCause.UnhandledCommand);
        Assert.Equal(Temporalio.Api.Enums.V1.EventType.WorkflowExecutionContinuedAsNew, first.Events.Last().EventType); // it closed later
        Assert.Equal(6, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE payload->>'message' LIKE @m AND status = 'routed'", ("m", $"{marker}%")));
        await s.TrackAllRunsAsync(id);
        await s.Client.GetWorkflowHandle(id).TerminateAsync("test finished");
    }, configure: o => o.Interceptors = [lateSignal]);
    }

    /// <summary>
    /// Changing <c>orchestrator-shards</c> sends an event id to another shard: events delivered before the change and again after
    /// it (a redelivery across a deployment) still start one workflow each, because domain workflows refuse a duplicate id.
    /// </summary>
    [Fact]
    public Task EventsDeliveredAgainAfterTheShardCountChangedStartOneWorkflowEach() => OrchestratorHarness.RunAsync(postgres, cacheOff: false, async s =>
    {
        var marker = Guid.NewGuid().ToString("N");
        var events = Enumerable.Range(0, 40).Select(i => Incident($"{marker} #{i}")).ToList();
        var before = new TemporalEventDelivery(s.Client, new OrchestratorShards(2), new PostgresEventLedger(postgres.DataSource));
        var after = new TemporalEventDelivery(s.Client, new OrchestratorShards(3), new PostgresEventLedger(postgres.DataSource));

        var first = new List<DeliveryReceipt>();
        foreach (var e in events)
        {
            first.Add(await before.DeliverAsync(e, CancellationToken.None));
        }
        var second = new List<DeliveryReceipt>();
        foreach (var e in events)
        {
            second.Add(await after.DeliverAsync(e, CancellationToken.None));
        }

        Assert.Contains(first.Zip(second), p => p.First.OrchestratorWorkflowId != p.Second.OrchestratorWorkflowId);
        await Poll.UntilAsync(async () => await postgres.CountAsync(
            "SELECT count(*) FROM event_ledger WHERE payload->>'message' LIKE @m AND status NOT IN ('received')", ("m", $"{marker} #%")), n => n == 40);
        var shards = first.Concat(second).Select(r => r.OrchestratorWorkflowId).Distinct().ToList();
        foreach (var shard in shards)
        {
            var expected = first.Concat(second).Count(r => r.OrchestratorWorkflowId == shard);
            await OrchestratorHarness.WaitForAsync(s.Client, shard, "stats", st => st.Long("routed") + st.Long("duplicates") >= expected);
            await s.TrackAllRunsAsync(shard);
        }
        Assert.Equal(40, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE payload->>'message' LIKE @m AND status = 'routed'", ("m", $"{marker} #%")));
        Assert.Equal(40, (await s.Client.CountWorkflowsAsync("WorkflowType = 'IncidentWorkflow'")).Count);
        foreach (var shard in shards)
        {
            await s.Client.GetWorkflowHandle(shard).TerminateAsync("test finished");
        }
    });

    /// <summary>The names of the signals every run of a workflow id received.</summary>
    private static async Task<List<string>> SignalsAsync(Temporalio.Client.ITemporalClient client, string workflowId)
    {
        var names = new List<string>();
        await foreach (var run in client.ListWorkflowsAsync($"WorkflowId = '{workflowId}'"))
        {
            var history = await client.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync();
            names.AddRange(history.Events.Where(e => e.WorkflowExecutionSignaledEventAttributes is not null)
                .Select(e => e.WorkflowExecutionSignaledEventAttributes.SignalName));
        }
        return names;
    }

    private static FlowEvent Incident(string message)
    {
        var json = JsonSerializer.SerializeToElement(new { eventType = "incident", source = "monitoring", message });
        return EventParser.Parse(json, DateTimeOffset.UtcNow).Event!;
    }
}
