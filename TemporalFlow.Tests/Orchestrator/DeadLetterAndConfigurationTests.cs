using System.Text.Json;
using Microsoft.Extensions.Configuration;
using TemporalFlow.Core;
using TemporalFlow.Core.Routing;
using TemporalFlow.Orchestrator;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Orchestrator;

/// <summary>Invalid and unroutable events become dead letters with reasons; configuration updates are validated; dead letters re-drive.</summary>
public sealed class DeadLetterAndConfigurationTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task InvalidAndUnroutableEventsBecomeDeadLettersWithTheirReasons(bool cacheOff) => OrchestratorHarness.RunAsync(postgres, cacheOff, async s =>
    {
        var id = $"dl-{Guid.NewGuid():N}";
        var orchestrator = await s.Client.StartWorkflowAsync("RootOrchestratorWorkflow", [new { }], new(id, TaskQueues.RootOrchestrator));
        object[] events =
        [
            new { source = "s3", marker = id },                                              // no eventType
            new { eventType = 42, marker = id },                                             // wrong type
            new { eventType = "document-added", documentUri = "::not a uri::", marker = id },  // unparseable documentUri
            new { eventType = "unknown-kind", source = "nowhere", marker = id },             // no route
            new { eventType = "incident", source = "monitoring", marker = id },              // no message: required by the incident workflow
            "just a string",
        ];
        foreach (var e in events)
        {
            await orchestrator.SignalAsync("trigger", [e]);
        }
        var stats = await OrchestratorHarness.WaitForAsync(s.Client, id, "stats", st => st.Long("rejected") == events.Length);
        Assert.Equal(events.Length, stats.Long("rejected"));
        Assert.Equal(0, stats.Long("routed"));

        var reasons = (await orchestrator.QueryAsync<List<JsonElement>>("deadLetters", [])).Select(d => d.GetProperty("reason").GetString()!).ToList();
        Assert.Contains(reasons, r => r.Contains("eventType: is required", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("eventType: must be a string, not a number", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("documentUri: '::not a uri::' is not a document URI", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("no rule matches", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("message: required by workflow 'incident_workflow' but missing", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("an event must be a JSON object, not a string", StringComparison.Ordinal));
        Assert.Equal(3, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE payload->>'marker' = @m AND status = 'rejected' AND reason <> ''", ("m", id)));
        Assert.Equal(2, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE payload->>'marker' = @m AND status = 'dead-lettered' AND reason <> ''", ("m", id)));
        Assert.Equal(0, (await s.Client.CountWorkflowsAsync("WorkflowType = 'IncidentWorkflow'")).Count);
        await s.TrackAllRunsAsync(id);
        await orchestrator.TerminateAsync("test finished");
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task ConfigurationUpdatesAreValidatedAndDeadLettersRedriveAfterAFix(bool cacheOff) => OrchestratorHarness.RunAsync(postgres, cacheOff, async s =>
    {
        var id = $"cfg-{Guid.NewGuid():N}";
        var disabled = DefaultRouting.Create();
        disabled.Version = "incident-off";
        disabled.Workflows[DefaultRouting.Incident].Enabled = false;
        var orchestrator = await s.Client.StartWorkflowAsync("RootOrchestratorWorkflow", [new { routing = disabled }], new(id, TaskQueues.RootOrchestrator));

        await orchestrator.SignalAsync("trigger", [new { eventType = "incident", source = "monitoring", message = $"disk full {id}" }]);
        var stats = await OrchestratorHarness.WaitForAsync(s.Client, id, "stats", st => st.Long("rejected") == 1);
        Assert.Equal(1, stats.Long("rejected"));
        var letter = Assert.Single(await orchestrator.QueryAsync<List<JsonElement>>("deadLetters", []));
        Assert.Contains("disabled workflow 'incident_workflow'", letter.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // An invalid update is refused and the configuration in force stays.
        var broken = DefaultRouting.Create();
        broken.Version = "broken";
        broken.EventTypes["incident"] = "nonexistent_workflow";
        await orchestrator.SignalAsync("update_configuration", [broken]);
        var view = await OrchestratorHarness.WaitForAsync(s.Client, id, "routingConfig", v => v.TryGetProperty("lastRejectedUpdate", out var r) && r.ValueKind == JsonValueKind.String);
        Assert.Equal("incident-off", view.GetProperty("version").GetString());
        Assert.Contains("nonexistent_workflow", view.GetProperty("lastRejectedUpdate").GetString(), StringComparison.Ordinal);

        // A valid update (camelCase JSON, as the CLI would send it) takes effect; re-driving routes the dead letter.
        var fixedJson = JsonSerializer.SerializeToElement(DefaultRouting.Create()).GetRawText().Replace("default-1", "incident-on", StringComparison.Ordinal);
        await orchestrator.SignalAsync("update_configuration", [JsonDocument.Parse(fixedJson).RootElement]);
        view = await OrchestratorHarness.WaitForAsync(s.Client, id, "routingConfig", v => v.GetProperty("version").GetString() == "incident-on");
        Assert.Equal("incident-on", view.GetProperty("version").GetString());
        await orchestrator.SignalAsync("redrive_dead_letters", [new { }]);
        stats = await OrchestratorHarness.WaitForAsync(s.Client, id, "stats", st => st.Long("routed") == 1);
        Assert.Equal(1, stats.Long("routed"));
        Assert.Empty(await orchestrator.QueryAsync<List<JsonElement>>("deadLetters", []));
        Assert.Equal(1, await postgres.CountAsync(
            "SELECT count(*) FROM event_ledger WHERE payload->>'message' = @m AND status = 'routed' AND config_version = 'incident-on' AND route = 'eventType:incident'",
            ("m", $"disk full {id}")));
        await s.TrackAllRunsAsync(id);
        await orchestrator.TerminateAsync("test finished");
    });

    [Fact]
    public void TheWorkerRefusesToStartWithABadRoutingSectionNamingTheProblem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Routing:Version"] = "7",
            ["Routing:EventTypes:incident"] = "incident_workflow",
            ["Routing:Workflows:incident_workflow:WorkflowType"] = "IncidentWorkflow",
            ["Routing:Workflows:incident_workflow:TaskQueue"] = "",
        }).Build();
        var error = Assert.Throws<InvalidRoutingConfigurationException>(() => OrchestratorExtensions.LoadRouting(configuration));
        Assert.Contains("Routing:Workflows:incident_workflow:TaskQueue must not be empty", error.Message, StringComparison.Ordinal);

        var defaults = OrchestratorExtensions.LoadRouting(new ConfigurationBuilder().Build());
        Assert.Equal("default-1", defaults.Version);
    }
}
