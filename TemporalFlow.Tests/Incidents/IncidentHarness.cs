using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Notifications;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Core;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Core.Ports;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Incident.Activities;
using TemporalFlow.Workflows.Incident.Workflows;
using Temporalio.Client;

namespace TemporalFlow.Tests.Incidents;

/// <summary>The incident worker for real (workflow, activities, PostgreSQL store, log and webhook notifiers) on a time-skipping emulator.</summary>
internal sealed class IncidentHarness(PostgresServer postgres, WebhookReceiver receiver, Temporalio.Testing.WorkflowEnvironment environment, WorkerScenario scenario)
{
    public PostgresServer Postgres => postgres;

    public WebhookReceiver Receiver => receiver;

    public Temporalio.Testing.WorkflowEnvironment Environment => environment;

    public WorkerScenario Scenario => scenario;

    public IIncidentStore Store { get; } = new PostgresIncidentStore(postgres.DataSource);

    public static async Task RunAsync(PostgresServer postgres, bool cacheOff, Func<IncidentHarness, Task> body, Action<IncidentSettings>? configure = null,
        Func<IIncidentStore, IIncidentStore>? decorateStore = null)
    {
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var environment = await TemporalTestServer.StartAsync(timeSkipping: true);
        var settings = new IncidentSettings { Notifiers = ["log", "webhook"] };
        configure?.Invoke(settings);
        using var http = new HttpClient();
        IIncidentStore store = new PostgresIncidentStore(postgres.DataSource);
        var activities = new IncidentActivities(Options.Create(settings), decorateStore?.Invoke(store) ?? store,
        [
            new LogNotifier(NullLogger<LogNotifier>.Instance),
            new WebhookNotifier(http, Options.Create(new WebhookNotifierOptions { Url = receiver.Url })),
        ]);
        await WorkerScenario.RunAsync(environment.Client, cacheOff,
            o => o.AddWorkflow<IncidentWorkflow>().AddAllActivities(activities),
            s => body(new IncidentHarness(postgres, receiver, environment, s)), TaskQueues.Incident);
    }

    /// <summary>Starts an incident workflow as the orchestrator would: id from the event, the event (with its id) as input.</summary>
    public async Task<WorkflowHandle<IncidentWorkflow, IncidentResult>> StartAsync(object incidentEvent)
    {
        var json = JsonSerializer.SerializeToElement(incidentEvent);
        var flowEvent = EventParser.Parse(json, DateTimeOffset.UtcNow).Event;
        var eventJson = flowEvent?.ToJson() ?? json;
        var id = $"incident-{flowEvent?.EventId ?? EventIds.Derive(json)}";
        return scenario.Track(await scenario.Client.StartWorkflowAsync((IncidentWorkflow w) => w.RunAsync(eventJson), new(id, TaskQueues.Incident)));
    }

    public static async Task<IncidentStatus> WaitForAsync(WorkflowHandle<IncidentWorkflow, IncidentResult> handle, Func<IncidentStatus, bool> done)
    {
        var status = await handle.QueryAsync(w => w.Status());
        for (var i = 0; i < 200 && !done(status); i++)
        {
            await Task.Delay(50);
            status = await handle.QueryAsync(w => w.Status());
        }
        if (!done(status))
        {
            // Say why: a pending activity's last failure is usually the answer.
            var described = await handle.Client.WorkflowService.DescribeWorkflowExecutionAsync(new()
            {
                Namespace = handle.Client.Options.Namespace,
                Execution = new() { WorkflowId = handle.Id },
            });
            var failures = string.Join("; ", described.PendingActivities.Select(a => $"{a.ActivityType.Name} attempt {a.Attempt}: {a.LastFailure?.Message}"));
            Assert.Fail($"The incident did not reach the expected state. Timeline: {string.Join(" | ", status.Timeline.Select(e => e.Kind))}. Pending: {failures}");
        }
        return status;
    }

    /// <summary>Webhook notifications received for an incident, by escalation level.</summary>
    public List<int> LevelsNotified(string number) => receiver.Received
        .Select(body => JsonDocument.Parse(body).RootElement.GetProperty("incident"))
        .Where(i => i.GetProperty("number").GetString() == number)
        .Select(i => i.GetProperty("level").GetInt32()).Order().ToList();
}
