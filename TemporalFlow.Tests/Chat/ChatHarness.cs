using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Notifications;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Chat;
using TemporalFlow.Core;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Core.Routing;
using TemporalFlow.Emulator.Testing;
using TemporalFlow.Orchestrator;
using TemporalFlow.Orchestrator.Activities;
using TemporalFlow.Orchestrator.Workflows;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Incident.Activities;
using TemporalFlow.Workflows.Incident.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Chat;

/// <summary>A reply as the page sees it: the streamed text, and the actions offered for confirmation.</summary>
public sealed record ChatReply(string Text, List<(string ActionId, string Description)> Confirms);

/// <summary>
/// The chat for real on a loopback port (Kestrel) over live data: the emulator, PostgreSQL, the orchestrator and incident
/// workers running; the chat's log lines are kept so tests can search them. One per test class.
/// </summary>
public class ChatHarness : IAsyncLifetime
{
    private readonly PostgresServer postgres = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> workers = [];
    private EmulatorWorkflowEnvironment? environment;
    private WebApplication? app;

    public ITemporalClient Client => environment!.Client;

    public PostgresServer Postgres => postgres;

    public Uri Address { get; private set; } = null!;

    public IServiceProvider Services => app!.Services;

    public HttpClient Http { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    /// <summary>The model the chat talks to; null for the simple mode (unless settings configure an endpoint).</summary>
    protected virtual IChatClient? ChatClient => null;

    protected virtual Dictionary<string, string> Settings => [];

    /// <summary>Starts what the chat needs besides itself (e.g. a loopback model endpoint) before the chat starts.</summary>
    protected virtual Task StartDependenciesAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        environment = await TemporalTestServer.StartAsync();
        var incidents = new IncidentActivities(Options.Create(new IncidentSettings { Notifiers = ["log"] }), new PostgresIncidentStore(postgres.DataSource),
            [new LogNotifier(NullLogger<LogNotifier>.Instance)]);
        Run(new TemporalWorker(Client, new TemporalWorkerOptions(TaskQueues.RootOrchestrator).AddRootOrchestrator(Client, postgres.DataSource)));
        Run(new TemporalWorker(Client, new TemporalWorkerOptions(TaskQueues.Incident).AddWorkflow<IncidentWorkflow>().AddAllActivities(incidents)));

        await StartDependenciesAsync();
        var args = new List<string>
        {
            "--environment=Development", "--urls", "http://127.0.0.1:0", $"--ConnectionStrings:temporalflow={postgres.ConnectionString}",
            $"--TEMPORAL_ADDRESS={Client.Connection.Options.TargetHost}", "--Orchestrator:Shards=1",
        };
        args.AddRange(Settings.Select(s => $"--{s.Key}={s.Value}"));
        app = ChatExtensions.BuildChatApp([.. args], Path.Combine(RepositoryPaths.Root, "TemporalFlow.Chat", "wwwroot"), ChatClient,
            b => b.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        await app.StartAsync();
        Address = new Uri(Loopback.AddressOf(app));
        Http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task<ChatReply> AskAsync(string message)
    {
        using var response = await Http.PostAsJsonAsync("/api/chat", new { message });
        return await ReadAsync(response);
    }

    public async Task<ChatReply> ConfirmAsync(string actionId, bool approved = true)
    {
        using var response = await Http.PostAsJsonAsync("/api/chat/confirm", new { actionId, approved });
        return await ReadAsync(response);
    }

    /// <summary>Sends an event as a listener would and waits until the incident it opens has been announced; returns its number.</summary>
    public async Task<string> OpenIncidentAsync(string message, string? eventId = null)
    {
        eventId ??= $"evt-chat-{Guid.NewGuid():N}";
        await DeliverAsync(new { eventType = "incident", source = "monitoring", eventId, message });
        var number = await WaitForAsync($"SELECT number FROM incidents WHERE event_id = '{eventId}'");
        // Fully opened: classified, analysed and announced (the timeline's 'notified' entry is saved last).
        await WaitForAsync($"SELECT count(*) FROM incident_timeline t JOIN incidents i USING (incident_id) WHERE i.event_id = '{eventId}' AND t.kind = 'notified'",
            count => count != "0");
        return number;
    }

    public async Task DeliverAsync(object @event)
    {
        var parsed = EventParser.Parse(JsonSerializer.SerializeToElement(@event), DateTimeOffset.UtcNow);
        await new TemporalEventDelivery(Client, new OrchestratorShards(1)).DeliverAsync(parsed.Event!, CancellationToken.None);
    }

    /// <summary>Polls a scalar query until it returns a row (at most 30 s).</summary>
    public async Task<string> WaitForAsync(string sql, Func<string, bool>? done = null)
    {
        for (var i = 0; i < 300; i++)
        {
            await using var command = postgres.DataSource.CreateCommand(sql);
            if (await command.ExecuteScalarAsync() is { } value && value.ToString() is { } text && (done?.Invoke(text) ?? true))
            {
                return text;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Nothing matched within 30 s: {sql}");
    }

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers).ContinueWith(_ => { }, TaskScheduler.Default);
        if (environment is not null)
        {
            await environment.ShutdownAsync();
        }
        await postgres.DisposeAsync();
        stop.Dispose();
    }

    private void Run(TemporalWorker worker) => workers.Add(Task.Run(async () =>
    {
        using (worker)
        {
            await worker.ExecuteAsync(stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }));

    private static async Task<ChatReply> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        var text = new System.Text.StringBuilder();
        var confirms = new List<(string, string)>();
        foreach (var line in body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)))
        {
            var chunk = JsonDocument.Parse(line[5..]).RootElement;
            switch (chunk.GetProperty("type").GetString())
            {
                case "text":
                    text.Append(chunk.GetProperty("text").GetString());
                    break;
                case "confirm":
                    confirms.Add((chunk.GetProperty("actionId").GetString()!, chunk.GetProperty("text").GetString()!));
                    break;
            }
        }
        return new ChatReply(text.ToString(), confirms);
    }
}
