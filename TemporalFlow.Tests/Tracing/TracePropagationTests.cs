using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Notifications;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Core.Routing;
using TemporalFlow.Core.Telemetry;
using TemporalFlow.Orchestrator;
using TemporalFlow.Orchestrator.Activities;
using TemporalFlow.Orchestrator.Workflows;
using TemporalFlow.ServiceDefaults.Tracing;
using TemporalFlow.Tests.Listeners;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Incident.Activities;
using TemporalFlow.Workflows.Incident.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Tracing;

/// <summary>One trace from the listener's HTTP request through the orchestrator's routing to the domain workflow's activities.</summary>
public sealed class TracePropagationTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly ConcurrentQueue<(string Instrument, string Tags)> measurements = new();
    private readonly MeterListener meters = new();
    private readonly ActivityListener listener = new()
    {
        ShouldListenTo = source => source.Name.StartsWith("TemporalFlow", StringComparison.Ordinal) || source.Name == "Microsoft.AspNetCore",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // every workflow task replays from history: the marks must still appear once
    public async Task TheListenersTraceIdReachesTheDomainWorkflowsActivities(bool cacheOff)
    {
        listener.ActivityStopped = spans.Enqueue;
        ActivitySource.AddActivityListener(listener);
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name is EventMetrics.MeterName or TemporalSdkMeter.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((i, _, tags, _) => measurements.Enqueue((i.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        meters.SetMeasurementEventCallback<double>((i, _, tags, _) => measurements.Enqueue((i.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        meters.Start();
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        await using var server = await TemporalTestServer.StartAsync();
        var address = server.Client.Connection.Options.TargetHost!;
        var client = await TemporalClient.ConnectAsync(new(address) { Interceptors = [new TracingInterceptor()] });
        var incidents = new IncidentActivities(Options.Create(new IncidentSettings { Notifiers = ["log"] }), new PostgresIncidentStore(postgres.DataSource),
            [new LogNotifier(NullLogger<LogNotifier>.Instance)]);
        var cache = cacheOff ? 0 : 1000;
        using var orchestrator = new TemporalWorker(client, new TemporalWorkerOptions(TaskQueues.RootOrchestrator) { MaxCachedWorkflows = cache }
            .AddRootOrchestrator(client, postgres.DataSource));
        using var incidentWorker = new TemporalWorker(client, new TemporalWorkerOptions(TaskQueues.Incident) { MaxCachedWorkflows = cache }
            .AddWorkflow<IncidentWorkflow>().AddAllActivities(incidents));
        await using var webhooks = await WebhookListenerHost.StartAsync(address);
        var eventId = $"trace-{Guid.NewGuid():N}";

        await orchestrator.ExecuteAsync(() => incidentWorker.ExecuteAsync(async () =>
        {
            using var response = await webhooks.Http.PostAsJsonAsync("/webhook", new { eventType = "incident", source = "monitoring", eventId, message = "trace me" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await WaitForAsync(() => Find("RunActivity:OpenIncident", $"incident-{eventId}") is not null);
            await WaitForAsync(() => Find("RunActivity:NotifyIncident", $"incident-{eventId}") is not null);
        })).WaitAsync(WorkerScenario.HardTimeout);

        // The listener hears every test's spans: this event's trace is the one that routed it to its workflow.
        var route = spans.Single(s => s.OperationName == "RouteEvent" && Equals(s.GetTagItem("temporal.workflow.id"), $"incident-{eventId}"));
        var trace = spans.Where(s => s.TraceId == route.TraceId).ToList();
        var root = Assert.Single(trace, s => !trace.Any(p => p.SpanId == s.ParentSpanId));
        Assert.Equal(("Microsoft.AspNetCore", "POST"), (root.Source.Name, root.GetTagItem("http.request.method") ?? root.DisplayName.Split(' ')[0]));
        var names = trace.Select(s => s.OperationName).ToList();
        Assert.Contains("SignalWithStartWorkflow:RootOrchestratorWorkflow", names);
        Assert.Contains("RouteEvent", names);
        Assert.Contains("StartWorkflow:IncidentWorkflow", names);
        Assert.Equal(1, names.Count(n => n == "HandleSignal:trigger"));
        Assert.Equal(1, names.Count(n => n == "RunWorkflow:IncidentWorkflow"));
        Assert.Contains("RunActivity:OpenIncident", names);
        Assert.Contains("RunActivity:NotifyIncident", names);
        // Each step is a child of the one before it, back to the HTTP request; the workflow's marks hang off the call that caused them.
        Assert.Equal(["StartWorkflow:IncidentWorkflow", "RouteEvent", "SignalWithStartWorkflow:RootOrchestratorWorkflow"],
            Ancestors(trace.Single(s => s.OperationName == "RunActivity:OpenIncident"), trace).Take(3));
        Assert.Equal("StartWorkflow:IncidentWorkflow", Ancestors(trace.Single(s => s.OperationName == "RunWorkflow:IncidentWorkflow"), trace).First());
        Assert.Equal("SignalWithStartWorkflow:RootOrchestratorWorkflow", Ancestors(trace.Single(s => s.OperationName == "HandleSignal:trigger"), trace).First());
        await client.GetWorkflowHandle($"incident-{eventId}").TerminateAsync("test finished");

        // Metrics: the event's receipt, outcome and routing latency by type and source; the SDK's own (the listener's client).
        Assert.Contains(("temporalflow.events.received", "event_type=incident,source=monitoring"), measurements);
        Assert.Contains(("temporalflow.events.outcome", "event_type=incident,source=monitoring,status=routed"), measurements);
        Assert.Contains(("temporalflow.routing.latency", "event_type=incident,source=monitoring"), measurements);
        Assert.Contains(measurements, m => m.Instrument == "temporal_request" && m.Tags.Contains("operation=SignalWithStartWorkflowExecution", StringComparison.Ordinal));

        // Replaying both histories with the interceptor succeeds and records no span (the emulator's own requests aside).
        // A mark made in replay would join this trace (its parent comes from the history headers).
        int Ours() => spans.Count(s => s.Source.Name == TemporalTracing.SourceName && s.TraceId == route.TraceId);
        var before = Ours();
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { Interceptors = [new TracingInterceptor()] }
            .AddWorkflow<RootOrchestratorWorkflow>().AddWorkflow<IncidentWorkflow>());
        foreach (var id in new[] { Shard(eventId), $"incident-{eventId}" })
        {
            var result = await replayer.ReplayWorkflowAsync(await client.GetWorkflowHandle(id).FetchHistoryAsync(), throwOnReplayFailure: false);
            Assert.Null(result.ReplayFailure);
        }
        Assert.Equal(before, Ours());
    }

    public void Dispose()
    {
        listener.Dispose();
        meters.Dispose();
    }

    private static string Shard(string eventId) => new OrchestratorShards(2).WorkflowIdFor(eventId);

    private static IEnumerable<string> Ancestors(Activity span, List<Activity> trace)
    {
        for (var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null; parent = trace.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            yield return parent.OperationName;
        }
    }

    private Activity? Find(string name, string workflowId) =>
        spans.FirstOrDefault(s => s.OperationName == name && Equals(s.GetTagItem("temporal.workflow.id"), workflowId));

    private static async Task WaitForAsync(Func<bool> done)
    {
        for (var i = 0; i < 300 && !done(); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(done(), "The expected span did not appear.");
    }
}
