using TemporalFlow.Core.Incidents;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Incident.Workflows;
using Temporalio.Api.Enums.V1;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Incidents;

/// <summary>
/// An incident with thousands of updates continues as new before its history nears the server's limits (Temporal suggests it
/// at 4,096 events or 4 MiB and terminates a run at 51,200 events or 50 MB: https://docs.temporal.io/workflow-execution/event#event-history),
/// and loses no timeline entry on the way.
/// </summary>
public sealed class LongIncidentTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Updates = 1_500;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task ThousandsOfUpdatesContinueAsNewAndEveryTimelineEntryIsSaved(bool cacheOff) => IncidentHarness.RunAsync(postgres, cacheOff, async h =>
    {
        var handle = await h.StartAsync(new { eventType = "incident", source = "monitoring", message = $"Critical: checkout down ({Guid.NewGuid():N})" });
        await IncidentHarness.WaitForAsync(handle, s => s.Timeline.Any(e => e.Kind == "notified"));

        // Half the updates while it waits for an acknowledgement (escalating), half after: both waits continue as new. They come
        // in bursts of 100, as people and tools post them, each once the last was taken in.
        for (var i = 0; i < Updates; i++)
        {
            if (i == Updates / 2)
            {
                await handle.SignalAsync(w => w.AcknowledgeAsync(new AcknowledgeRequest("alice", "on it")));
            }
            await handle.SignalAsync(w => w.UpdateAsync(new UpdateRequest("alice", $"step {i}")));
            if (i % 100 == 99)
            {
                var sent = i + 1;
                await Poll.UntilAsync(() => h.Store.TimelineAsync(handle.Id, CancellationToken.None), t => t.Count(e => e.Kind == "update") == sent);
            }
        }
        await handle.SignalAsync(w => w.ResolveAsync(new ResolveRequest("bob", "fixed")));
        var result = await h.Scenario.Client.GetWorkflowHandle<IncidentWorkflow, IncidentResult>(handle.Id).GetResultAsync();

        Assert.Equal(("bob", 0), (result.ResolvedBy, result.EscalationLevel)); // acknowledged within the first window
        var status = await h.Scenario.Client.GetWorkflowHandle<IncidentWorkflow>(handle.Id).QueryAsync(w => w.Status());
        var stored = await h.Store.TimelineAsync(handle.Id, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, status.TimelineEntries), stored.Select(e => e.Sequence)); // every entry, once, in order
        Assert.Equal(Updates, stored.Count(e => e.Kind == "update"));
        Assert.Equal(Enumerable.Range(0, Updates).Select(i => $"step {i}"), stored.Where(e => e.Kind == "update").Select(e => e.Note));
        Assert.InRange(status.Timeline.Count, 1, 200);
        Assert.Equal(stored.TakeLast(status.Timeline.Count).Select(e => e.Sequence), status.Timeline.Select(e => e.Sequence));
        Assert.Equal([0], h.LevelsNotified(result.Number)); // a continued run does not notify again

        var runs = 0;
        await foreach (var run in h.Scenario.Client.ListWorkflowsAsync($"WorkflowId = '{handle.Id}'"))
        {
            runs++;
            var history = await h.Scenario.Client.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync();
            Assert.True(history.Events.Count < 2_000 + 600, $"run {run.RunId} grew to {history.Events.Count} events");
            h.Scenario.Track(h.Scenario.Client.GetWorkflowHandle(run.Id, run.RunId));
        }
        output.WriteLine($"{Updates} updates: {runs} runs, {status.TimelineEntries} timeline entries");
        Assert.True(runs >= 3, $"{Updates} updates should take several runs of at most 500 history events; took {runs}");
    }, configure: settings => settings.ContinueAsNewAfterEvents = 500);
}
