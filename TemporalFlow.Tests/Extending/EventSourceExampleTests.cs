using System.Text.Json;
using Microsoft.Extensions.Logging;
using TemporalFlow.Listeners;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Extending;

/// <summary>The worked example of "Adding an event source" runs as any listener of the registry runs: through <see cref="ListenerHost"/>.</summary>
public sealed class EventSourceExampleTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WithoutItsSettingTheNewListenerExplainsAndExitsCleanly() =>
        Assert.Equal(0, await ListenerHost.RunAsync(FileDropListener.Definition, ["--DROP_FOLDER="]).WaitAsync(Timeout));

    [Fact]
    public async Task ADroppedEventReachesTheOrchestratorAndABadOneBecomesADeadLetterWithItsReason()
    {
        var folder = Directory.CreateTempSubdirectory("file-drop-");
        var marker = Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "incident.json"),
            JsonSerializer.Serialize(new { eventType = "incident", source = "file-drop", message = $"Disk full on db-01 {marker}" }));
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken.json"), """{"source": "file-drop"}""");

        using var stop = new CancellationTokenSource();
        var listener = ListenerHost.RunAsync(FileDropListener.Definition,
            ["--urls", "http://127.0.0.1:0", $"--DROP_FOLDER={folder.FullName}", $"--TEMPORAL_ADDRESS={server.Environment.Client.Connection.Options.TargetHost}"],
            b => b.Logging.SetMinimumLevel(LogLevel.Warning), stop.Token);
        try
        {
            await Poll.UntilAsync(() => Directory.GetFiles(folder.FullName, "*.json").Length == 0);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await listener.WaitAsync(Timeout));
        }

        Assert.StartsWith("eventType:", await File.ReadAllTextAsync(Path.Combine(folder.FullName, "rejected", "broken.json.reason")), StringComparison.Ordinal);
        var signaled = new List<JsonElement>();
        await foreach (var run in server.Environment.Client.ListWorkflowsAsync("WorkflowType = 'RootOrchestratorWorkflow'"))
        {
            signaled.AddRange(SignaledEvents.In(await server.Environment.Client.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync()));
        }
        var delivered = Assert.Single(signaled, e => e.GetProperty("message").GetString()!.EndsWith(marker, StringComparison.Ordinal));
        Assert.Equal("file-drop", delivered.GetProperty("source").GetString());
        folder.Delete(recursive: true);
    }
}
