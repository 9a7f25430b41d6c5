using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Orchestrator;

/// <summary>The PostgreSQL ledger adapter on its own: a batch is one upsert, and writing it again changes nothing but the decision.</summary>
public sealed class EventLedgerTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task BatchRowsRoundTripAndARetriedBatchUpdatesTheSameRows()
    {
        var ledger = await LedgerAsync();
        var id = Guid.NewGuid().ToString("N");
        var received = new DateTimeOffset(2026, 11, 27, 8, 30, 15, 123, TimeSpan.FromHours(2));
        var routed = new LedgerEntry($"{id}-a", "monitoring", "incident", """{"eventType":"incident","message":"disk full"}""", received,
            LedgerStatus.Routed, "eventType:incident", $"incident-{id}", null, "v1");
        var rejected = new LedgerEntry($"{id}-b", null, "(invalid)", """{"message":42}""", received, LedgerStatus.Rejected, null, null,
            "eventType: required", "v1");

        await ledger.RecordAsync([routed, rejected], CancellationToken.None);
        await ledger.RecordAsync([routed with { ConfigurationVersion = "v2" }, rejected], CancellationToken.None); // the activity retried

        AssertSame(routed with { ConfigurationVersion = "v2" }, await ledger.FindAsync(routed.EventId, CancellationToken.None));
        AssertSame(rejected, await ledger.FindAsync(rejected.EventId, CancellationToken.None));
        Assert.Equal(2, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE event_id LIKE @p", ("p", $"{id}-%")));
    }

    [Fact]
    public async Task AnIdTwiceInOneBatchKeepsTheLastDecision()
    {
        var ledger = await LedgerAsync();
        var first = new LedgerEntry(Guid.NewGuid().ToString("N"), "s3", "document-added", """{"key":"a.pdf"}""", DateTimeOffset.UtcNow,
            LedgerStatus.DeadLettered, null, null, "no route", "v1");
        var redriven = first with { Status = LedgerStatus.Routed, Route = "source:s3", WorkflowId = "document-a", Reason = null, ConfigurationVersion = "v2" };

        await ledger.RecordAsync([first, redriven], CancellationToken.None);

        var row = await ledger.FindAsync(first.EventId, CancellationToken.None);
        Assert.Equal((LedgerStatus.Routed, "source:s3", "document-a", null, "v2"), (row!.Status, row.Route, row.WorkflowId, row.Reason, row.ConfigurationVersion));
    }

    [Fact]
    public async Task AKeptEventKeepsItsFirstPayloadAndADecisionByReferenceLeavesThePayloadAsItIs()
    {
        var ledger = await LedgerAsync();
        var id = Guid.NewGuid().ToString("N");
        var first = Event(id, "disk full");

        await ledger.KeepAsync([Received(first)], CancellationToken.None);
        await ledger.KeepAsync([Received(Event(id, "a different body under the same id"))], CancellationToken.None); // a redelivery, or a forgery
        var kept = Assert.Single(await ledger.FindManyAsync([id, "not-kept"], CancellationToken.None));
        Assert.Equal((LedgerStatus.Received, "disk full"), (kept.Status, JsonNode.Parse(kept.PayloadJson!)!["message"]!.GetValue<string>()));

        await ledger.RecordAsync([new LedgerEntry(id, "monitoring", "incident", null, first.ReceivedAt, LedgerStatus.Routed, "eventType:incident", $"incident-{id}", null, "v1")],
            CancellationToken.None);

        var routed = await ledger.FindAsync(id, CancellationToken.None);
        Assert.Equal((LedgerStatus.Routed, $"incident-{id}"), (routed!.Status, routed.WorkflowId));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(first.ToJson().GetRawText()), JsonNode.Parse(routed.PayloadJson!)), routed.PayloadJson);
    }

    private static LedgerEntry Received(FlowEvent flowEvent) => LedgerEntry.Received(flowEvent, flowEvent.ToJson().GetRawText());

    private static FlowEvent Event(string id, string message) =>
        new(id, "incident", "monitoring", new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero),
            new Dictionary<string, System.Text.Json.JsonElement> { ["message"] = System.Text.Json.JsonSerializer.SerializeToElement(message) });

    [Fact]
    public async Task AnEmptyBatchWritesNothing()
    {
        var ledger = await LedgerAsync();
        var before = await postgres.CountAsync("SELECT count(*) FROM event_ledger");

        await ledger.RecordAsync([], CancellationToken.None);

        Assert.Equal(before, await postgres.CountAsync("SELECT count(*) FROM event_ledger"));
    }

    private async Task<PostgresEventLedger> LedgerAsync()
    {
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        return new PostgresEventLedger(postgres.DataSource);
    }

    /// <summary>Equal field by field; the payload as JSON (jsonb spaces it differently) and the time as an instant.</summary>
    private static void AssertSame(LedgerEntry expected, LedgerEntry? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.PayloadJson!), JsonNode.Parse(actual.PayloadJson!)), actual.PayloadJson);
        Assert.Equal(expected.ReceivedAt.UtcDateTime, actual.ReceivedAt.UtcDateTime);
        Assert.Equal(expected with { PayloadJson = "", ReceivedAt = default }, actual with { PayloadJson = "", ReceivedAt = default });
    }
}
