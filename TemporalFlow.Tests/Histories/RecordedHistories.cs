using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace TemporalFlow.Tests.Histories;

/// <summary>
/// The histories earlier versions recorded (<c>TemporalFlow.Tests/Histories/&lt;commit&gt;-*.json</c>), and the way to record
/// more: run scenario tests with <c>TEMPORALFLOW_RECORD_HISTORIES</c> set to a folder, and every history a
/// <see cref="Support.WorkerScenario"/> replays is written there as JSON; keep the ones worth keeping, named after the commit.
/// </summary>
internal static class RecordedHistories
{
    public const string RecordVariable = "TEMPORALFLOW_RECORD_HISTORIES";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Histories");

    public static IEnumerable<string> Files => Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal);

    public static WorkflowHistory Load(string file) => WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file));

    public static string TypeOf(WorkflowHistory history) =>
        history.Events.First().WorkflowExecutionStartedEventAttributes.WorkflowType.Name;

    public static bool Has(WorkflowHistory history, EventType type) => history.Events.Any(e => e.EventType == type);

    public static async Task RecordAsync(WorkflowHistory history)
    {
        if (Environment.GetEnvironmentVariable(RecordVariable) is not { Length: > 0 } folder)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        var name = $"{TypeOf(history)}-{history.Events.Count}events-{Guid.NewGuid().ToString("N")[..8]}";
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".json"), history.ToJson());
    }
}
