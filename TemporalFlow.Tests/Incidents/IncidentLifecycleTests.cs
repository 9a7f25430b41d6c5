using System.Text.Json;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Incident.Workflows;

namespace TemporalFlow.Tests.Incidents;

/// <summary>The incident lifecycle on the time-skipping emulator with real PostgreSQL and a real webhook receiver.</summary>
public sealed class IncidentLifecycleTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task OpenClassifyAnalyseNotifyAcknowledgeUpdateResolve(bool cacheOff) => IncidentHarness.RunAsync(postgres, cacheOff, async h =>
    {
        var handle = await h.StartAsync(new
        {
            eventType = "incident",
            source = "monitoring",
            service = "payments",
            message = $"Critical: db-01.prod.example.com down, 37 errors, code E1234 ({Guid.NewGuid():N})",
        });
        var status = await IncidentHarness.WaitForAsync(handle, s => s.Timeline.Any(e => e.Kind == "notified"));
        var incident = status.Incident;
        Assert.Matches("^INC-\\d{6}$", incident.Number);
        Assert.Equal(IncidentStates.Open, incident.State);
        Assert.Equal(IncidentSeverity.Critical, incident.Severity);
        Assert.Equal("keyword 'critical'", incident.ClassifiedBy);
        Assert.Contains("E1234", incident.Analysis!.ErrorCodes);
        Assert.Contains("db-01.prod.example.com", incident.Analysis.Hosts);
        Assert.Equal(37, incident.Analysis.Counts["error"]);

        await handle.SignalAsync(w => w.AcknowledgeAsync(new AcknowledgeRequest("alice", "looking")));
        await handle.SignalAsync(w => w.UpdateAsync(new UpdateRequest("alice", "failover started")));
        await handle.SignalAsync(w => w.ResolveAsync(new ResolveRequest("bob", "failed over to db-02")));
        var result = await handle.GetResultAsync();
        Assert.Equal(incident.Number, result.Number);
        Assert.Equal("bob", result.ResolvedBy);

        status = await handle.QueryAsync(w => w.Status());
        Assert.Equal(["opened", "classified", "analysed", "notified", "acknowledged", "update", "resolved"], status.Timeline.Select(e => e.Kind));
        var stored = await h.Store.FindAsync(handle.Id, CancellationToken.None);
        Assert.Equal(IncidentStates.Resolved, stored!.State);
        Assert.Equal("failed over to db-02", stored.Resolution);
        Assert.Equal(status.Timeline.Select(e => (e.Sequence, e.Kind, e.Actor, e.Note)),
            (await h.Store.TimelineAsync(handle.Id, CancellationToken.None)).Select(e => (e.Sequence, e.Kind, e.Actor, e.Note)));
        Assert.Equal([0], h.LevelsNotified(incident.Number));
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task WithoutAcknowledgementACriticalIncidentEscalatesThroughEveryLevel(bool cacheOff) => IncidentHarness.RunAsync(postgres, cacheOff, async h =>
    {
        var handle = await h.StartAsync(new { eventType = "incident", source = "monitoring", severity = "critical", message = $"outage {Guid.NewGuid():N}" });
        var status = await IncidentHarness.WaitForAsync(handle, s => s.Timeline.Any(e => e.Kind == "notified"));
        // Critical: every 5 minutes, 3 levels. Twenty virtual minutes pass in moments.
        await h.Environment.DelayAsync(TimeSpan.FromMinutes(20));
        status = await IncidentHarness.WaitForAsync(handle, s => s.Incident.EscalationLevel == 3 && s.Timeline.Count(e => e.Kind == "notified") == 4);
        Assert.Equal(3, status.Incident.EscalationLevel);
        Assert.Equal(3, status.Timeline.Count(e => e.Kind == "escalated"));
        Assert.Equal([0, 1, 2, 3], h.LevelsNotified(status.Incident.Number));

        await handle.SignalAsync(w => w.ResolveAsync(new ResolveRequest("carol", "fixed")));
        Assert.Equal(3, (await handle.GetResultAsync()).EscalationLevel);
    });

    [Fact]
    public Task AcknowledgementStopsEscalation() => IncidentHarness.RunAsync(postgres, cacheOff: false, async h =>
    {
        var handle = await h.StartAsync(new { eventType = "incident", severity = "critical", message = $"outage {Guid.NewGuid():N}" });
        await IncidentHarness.WaitForAsync(handle, s => s.Timeline.Any(e => e.Kind == "notified"));
        await h.Environment.DelayAsync(TimeSpan.FromMinutes(6));
        var status = await IncidentHarness.WaitForAsync(handle, s => s.Incident.EscalationLevel == 1);
        Assert.Equal(1, status.Incident.EscalationLevel);

        await handle.SignalAsync(w => w.AcknowledgeAsync(new AcknowledgeRequest("dave")));
        await IncidentHarness.WaitForAsync(handle, s => s.Incident.State == IncidentStates.Acknowledged);
        await h.Environment.DelayAsync(TimeSpan.FromMinutes(30));
        status = await handle.QueryAsync(w => w.Status());
        Assert.Equal(1, status.Incident.EscalationLevel);
        Assert.Equal([0, 1], h.LevelsNotified(status.Incident.Number));
        await handle.SignalAsync(w => w.ResolveAsync(new ResolveRequest("dave")));
        await handle.GetResultAsync();
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task RepeatedSignalsChangeNothingTwice(bool cacheOff) => IncidentHarness.RunAsync(postgres, cacheOff, async h =>
    {
        var handle = await h.StartAsync(new { eventType = "incident", message = $"slow checkout {Guid.NewGuid():N}" });
        await IncidentHarness.WaitForAsync(handle, s => s.Timeline.Any(e => e.Kind == "notified"));
        for (var i = 0; i < 3; i++)
        {
            await handle.SignalAsync(w => w.AcknowledgeAsync(new AcknowledgeRequest("erin")));
        }
        await handle.SignalAsync(w => w.ResolveAsync(new ResolveRequest("erin", "first")));
        await handle.SignalAsync(w => w.ResolveAsync(new ResolveRequest("frank", "second")));
        var result = await handle.GetResultAsync();
        Assert.Equal("erin", result.ResolvedBy);
        var timeline = (await handle.QueryAsync(w => w.Status())).Timeline;
        Assert.Single(timeline, e => e.Kind == "acknowledged");
        Assert.Single(timeline, e => e.Kind == "resolved");
        Assert.Equal(timeline.Count, (await h.Store.TimelineAsync(handle.Id, CancellationToken.None)).Count);
    });

    [Fact]
    public Task AFailingNotifierIsRetriedUntilItRecoversAndNotifiesOnce() => IncidentHarness.RunAsync(postgres, cacheOff: false, async h =>
    {
        h.Receiver.FailNext(2);
        var handle = await h.StartAsync(new { eventType = "incident", severity = "high", message = $"failure in billing {Guid.NewGuid():N}" });
        var status = await IncidentHarness.WaitForAsync(handle, s => s.Timeline.Any(e => e.Kind == "notified"));
        Assert.Equal(2, h.Receiver.Failed);
        Assert.Equal([0], h.LevelsNotified(status.Incident.Number));
        var body = JsonDocument.Parse(Assert.Single(h.Receiver.Received)).RootElement;
        Assert.Equal($"{handle.Id}:level-0:webhook", body.GetProperty("idempotencyKey").GetString()); // what a receiver de-duplicates by
        var history = await handle.FetchHistoryAsync();
        Assert.Contains(history.Events, e => e.ActivityTaskStartedEventAttributes?.Attempt == 3);
        await handle.SignalAsync(w => w.ResolveAsync(new ResolveRequest("gina")));
        await handle.GetResultAsync();
    });

    [Fact]
    public Task AnUpdateThatArrivesDuringTheLastSaveIsSavedBeforeTheWorkflowCloses()
    {
        UpdateDuringLastSave? store = null;
        return IncidentHarness.RunAsync(postgres, cacheOff: false, async h =>
        {
            var handle = await h.StartAsync(new { eventType = "incident", severity = "low", message = $"disk 81% on db-07 {Guid.NewGuid():N}" });
            store!.Arm(handle);
            await IncidentHarness.WaitForAsync(handle, s => s.Timeline.Any(e => e.Kind == "notified"));

            await handle.SignalAsync(w => w.ResolveAsync(new ResolveRequest("hank")));
            await handle.GetResultAsync();

            var stored = await h.Store.TimelineAsync(handle.Id, CancellationToken.None);
            Assert.Contains(stored, e => e.Kind == "update" && e.Note == UpdateDuringLastSave.LateNote);
            Assert.Contains(stored, e => e.Kind == "update" && e.Note == UpdateDuringLastSave.LastNote);
            Assert.Equal((await handle.QueryAsync(w => w.Status())).Timeline.Count, stored.Count);
        }, decorateStore: inner => store = new UpdateDuringLastSave(inner));
    }

    [Fact]
    public Task BadContentIsNotedNeverFatal() => IncidentHarness.RunAsync(postgres, cacheOff: false, async h =>
    {
        var handle = await h.StartAsync(new { eventType = "incident", source = "monitoring", severity = "purple", details = new string('x', 50_000), marker = Guid.NewGuid() });
        var status = await IncidentHarness.WaitForAsync(handle, s => s.Timeline.Any(e => e.Kind == "notified"));
        var notes = status.Timeline.Where(e => e.Kind == "note").Select(e => e.Note).ToList();
        Assert.Contains("the event has no message", notes);
        Assert.Contains(notes, n => n.Contains("severity 'purple' is not known", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("the first 20000 were analysed", StringComparison.Ordinal));
        Assert.Equal(IncidentSeverity.Medium, status.Incident.Severity);
        await handle.SignalAsync(w => w.ResolveAsync(new ResolveRequest("hal")));
        await handle.GetResultAsync();
    });

    [Fact]
    public Task AnAcknowledgedIncidentResolvesItselfAfterAQuietPeriod() => IncidentHarness.RunAsync(postgres, cacheOff: false, async h =>
    {
        var handle = await h.StartAsync(new { eventType = "incident", message = $"degraded search {Guid.NewGuid():N}" });
        await IncidentHarness.WaitForAsync(handle, s => s.Timeline.Any(e => e.Kind == "notified"));
        await handle.SignalAsync(w => w.AcknowledgeAsync(new AcknowledgeRequest("ivan")));
        var result = await handle.GetResultAsync(); // awaiting the result lets virtual time run to the quiet deadline
        Assert.Equal("auto-resolve", result.ResolvedBy);
    }, settings => settings.AutoResolveAfterQuiet = TimeSpan.FromHours(1));
}
