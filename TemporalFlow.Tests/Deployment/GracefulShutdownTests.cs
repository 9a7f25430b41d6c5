using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Core;
using TemporalFlow.Core.Events;
using TemporalFlow.Emulator.Testing;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;
using Temporalio.Client;

namespace TemporalFlow.Tests.Deployment;

/// <summary>
/// A platform stops a container with SIGTERM and, after its grace period (30 s by default on Azure Container Apps and
/// Kubernetes), SIGKILL. The incident worker process, sent SIGTERM while its notification activity is waiting on the chat
/// webhook, finishes that activity (completed once, attempt 1, after the signal), exits 0 within the grace period, and a new
/// worker carries the incident on (https://docs.temporal.io/develop/dotnet/core-application#run-worker-processes, graceful shutdown).
/// </summary>
public sealed class GracefulShutdownTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan PlatformGracePeriod = TimeSpan.FromSeconds(30);

    [Fact]
    public Task SigtermMidActivityLetsTheActivityFinishAndLosesNothing() => Task.Run(async () =>
    {
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        await using var temporal = await EmulatorWorkflowEnvironment.StartAsync();
        await using var chat = await WebhookReceiver.StartAsync();
        chat.HoldRequests();
        var address = temporal.Client.Connection.Options.TargetHost!;

        var handle = await temporal.Client.StartWorkflowAsync("IncidentWorkflow", [IncidentEvent()], new($"incident-sigterm-{Guid.NewGuid():N}", TaskQueues.Incident));
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var worker = StartWorker(address, chat.Url, output);
        await chat.Held.WaitAsync(TimeSpan.FromMinutes(1)); // the notification activity is in flight, waiting on the webhook

        var signalled = DateTime.UtcNow;
        await SendSigtermAsync(worker);
        await Poll.UntilAsync(() => output.Any(l => l.Contains("Application is shutting down", StringComparison.Ordinal)));
        chat.Release();
        using var grace = new CancellationTokenSource(PlatformGracePeriod);
        await worker.WaitForExitAsync(grace.Token);

        Assert.True(worker.ExitCode == 0, $"exit code {worker.ExitCode}: {string.Join('\n', output)}");
        var events = (await handle.FetchHistoryAsync()).Events;
        var notify = events.Where(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "NotifyIncident").Select(e => e.EventId).ToList();
        Assert.Single(notify);
        var completed = Assert.Single(events, e => e.ActivityTaskCompletedEventAttributes?.ScheduledEventId == notify[0]);
        Assert.True(completed.EventTime.ToDateTime() > signalled, "the activity should have completed after SIGTERM, by the stopping worker");
        Assert.DoesNotContain(events, e => e.ActivityTaskStartedEventAttributes is { Attempt: > 1 } || e.ActivityTaskFailedEventAttributes is not null
            || e.ActivityTaskTimedOutEventAttributes is not null);

        // Nothing is lost: a new worker takes the incident on and resolves it.
        using var next = StartWorker(address, chat.Url, output);
        try
        {
            await handle.SignalAsync("resolve", [new { who = "oncall", resolution = "restarted the pool" }]);
            await handle.GetResultAsync<JsonElement>().WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            next.Kill(entireProcessTree: true);
        }
    }).WaitAsync(TimeSpan.FromMinutes(4));

    private static JsonElement IncidentEvent()
    {
        var json = JsonSerializer.SerializeToElement(new { eventType = "incident", source = "monitoring", eventId = $"evt-sigterm-{Guid.NewGuid():N}", message = "Queue consumers stalled" });
        return EventParser.Parse(json, DateTimeOffset.UtcNow).Event!.ToJson();
    }

    /// <summary>The real incident worker process on the emulator and the test's database, notifying the test's chat webhook.</summary>
    private Process StartWorker(string temporalAddress, Uri webhook, System.Collections.Concurrent.ConcurrentQueue<string> output) =>
        ServiceProcess.Start("TemporalFlow.Workflows.Incident", new Dictionary<string, string>
        {
            ["ConnectionStrings__temporalflow"] = postgres.ConnectionString,
            ["TEMPORAL_ADDRESS"] = temporalAddress,
            ["Incidents__Notifiers__0"] = "log",
            ["Incidents__Notifiers__1"] = "webhook",
            ["Incidents__Webhook__Url"] = webhook.ToString(),
        }, output);

    private static async Task SendSigtermAsync(Process process)
    {
        var result = await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], "/", TimeSpan.FromSeconds(10));
        Assert.True(result.ExitCode == 0, result.Output);
    }
}
