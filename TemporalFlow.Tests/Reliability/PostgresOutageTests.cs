using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core.Events;
using TemporalFlow.Emulator.Testing;
using TemporalFlow.Orchestrator;
using TemporalFlow.ServiceDefaults;
using TemporalFlow.Tests.Support;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Reliability;

/// <summary>PostgreSQL stopped for 10 s while the orchestrator (the real service, with its health checks) records events.</summary>
public sealed class PostgresOutageTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Events = 300;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public Task ActivitiesRetryThroughADatabaseOutageAndHealthReportsIt() => Task.Run(async () =>
    {
        await using (var owner = Npgsql.NpgsqlDataSource.Create(postgres.ConnectionString)) // its own pool: the outage would break a pooled connection
        {
            await new DatabaseMigrator(owner, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        }
        await using var temporal = await EmulatorWorkflowEnvironment.StartAsync();
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:temporalflow={postgres.ConnectionString}",
            $"--TEMPORAL_ADDRESS={temporal.Client.Connection.Options.TargetHost}"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddOrchestratorWorker();
        await using var orchestrator = builder.Build();
        orchestrator.MapDefaultEndpoints();
        await orchestrator.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(Loopback.AddressOf(orchestrator)), Timeout = TimeSpan.FromSeconds(30) };
        var delivery = new TemporalEventDelivery(temporal.Client, new OrchestratorShards(2));
        var health = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var probing = new CancellationTokenSource();
        var probe = Task.Run(async () =>
        {
            while (!probing.IsCancellationRequested)
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                health.Enqueue((clock.Elapsed, response.StatusCode));
                await Task.Delay(500);
            }
        });

        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Events; i++) // over about 15 s, across the outage
            {
                var parsed = EventParser.Parse(JsonSerializer.SerializeToElement(new { eventType = "incident", source = "monitoring", eventId = $"evt-pg-{i}", message = $"m{i}" }), DateTimeOffset.UtcNow);
                await delivery.DeliverAsync(parsed.Event!, CancellationToken.None);
                await Task.Delay(50);
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(3));
        var stoppedAt = clock.Elapsed;
        await postgres.StopServerAsync();
        await Task.Delay(Outage);
        await postgres.ResumeAsync();
        var resumedAt = clock.Elapsed;
        await sending;
        var rows = await PipelineUnderTest.WaitForLedgerAsync(postgres, Events, TimeSpan.FromMinutes(3));
        var recovered = clock.Elapsed - resumedAt;
        await Task.Delay(TimeSpan.FromSeconds(2));
        await probing.CancelAsync();
        await probe;

        var during = health.Where(h => h.At > stoppedAt + TimeSpan.FromSeconds(1) && h.At < resumedAt).Select(h => h.Status).ToList();
        var after = health.Last().Status;
        var workflows = await temporal.Client.CountWorkflowsAsync("WorkflowType = 'IncidentWorkflow'");
        output.WriteLine($"{Events} events; PostgreSQL stopped for {Outage.TotalSeconds:F0} s: /health answered {string.Join(", ", during.Distinct())} while it was down " +
            $"and {after} after; all {rows} ledger rows {recovered.TotalSeconds:F1} s after it returned; {workflows.Count} domain workflows");
        Assert.Contains(HttpStatusCode.ServiceUnavailable, during);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal(Events, rows);
        Assert.Equal(Events, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE status = 'routed'"));
        Assert.Equal(Events, workflows.Count);
        await orchestrator.StopAsync();
    }).WaitAsync(TimeSpan.FromMinutes(6));
}
