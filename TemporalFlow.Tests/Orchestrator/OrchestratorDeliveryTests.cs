using System.Text.Json;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Orchestrator;

/// <summary>Many events, redeliveries and shards through the delivery port: nothing lost, nothing started twice.</summary>
public sealed class OrchestratorDeliveryTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task AThousandEventsThroughOneOrchestratorWithContinueAsNewLoseNothing(bool cacheOff) => OrchestratorHarness.RunAsync(postgres, cacheOff, async s =>
    {
        var marker = Guid.NewGuid().ToString("N");
        var delivery = new TemporalEventDelivery(s.Client, new OrchestratorShards(1));
        var events = Enumerable.Range(0, 1000).Select(i => Incident($"{marker} #{i}")).ToList();
        // Continue as new every 400 history events: the 1,000 signals alone make the events span several runs.
        await s.Client.StartWorkflowAsync("RootOrchestratorWorkflow", [new { continueAsNewAfterEvents = 400 }],
            new("root-orchestrator-0", Core.TaskQueues.RootOrchestrator));
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (e, ct) => await delivery.DeliverAsync(e, ct));

        var stats = await OrchestratorHarness.WaitForAsync(s.Client, "root-orchestrator-0", "stats", st => st.Long("routed") >= 1000);
        Assert.Equal(1000, stats.Long("routed"));
        Assert.Equal(0, stats.Long("rejected"));
        Assert.Equal(1000, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE payload->>'message' LIKE @m AND status = 'routed'", ("m", $"{marker} #%")));
        Assert.Equal(1000, (await s.Client.CountWorkflowsAsync("WorkflowType = 'IncidentWorkflow'")).Count);
        var runs = await s.Client.CountWorkflowsAsync("WorkflowId = 'root-orchestrator-0'");
        Assert.True(runs.Count > 1, "the orchestrator should have continued as new");
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
        var delivery = new TemporalEventDelivery(s.Client, shards);
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

    private static FlowEvent Incident(string message)
    {
        var json = JsonSerializer.SerializeToElement(new { eventType = "incident", source = "monitoring", message });
        return EventParser.Parse(json, DateTimeOffset.UtcNow).Event!;
    }
}
