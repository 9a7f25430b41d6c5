using TemporalFlow.Adapters.Temporal;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>
/// How each orchestrator shard continued as new during the run, from its histories: runs, closes the server refused (a signal
/// came while the closing task ran, so the worker replays the run), the longest workflow tasks, replays apart, any task that
/// failed or run that was terminated (a limit), and the history's size per routed event as the server counts it.
/// </summary>
internal static class OrchestratorRunsReport
{
    public static async Task PrintAsync(ITemporalClient temporal, int shards, DateTimeOffset since)
    {
        Console.WriteLine("Orchestrator shards (runs that closed or ran since the run started):");
        for (var shard = 0; shard < shards; shard++)
        {
            var workflowId = $"{OrchestratorShards.WorkflowIdPrefix}{shard}";
            var (runs, refused, timedOut, longestReplay, longest, bytes, terminated) = (0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, 0L, 0);
            var failures = new List<string>();
            await foreach (var run in temporal.ListWorkflowsAsync($"WorkflowId = '{workflowId}'"))
            {
                if (run.CloseTime is { } closed && closed < since.UtcDateTime)
                {
                    continue;
                }
                runs++;
                var history = await temporal.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync();
                bytes += history.Events.Sum(e => (long)e.CalculateSize());
                terminated += history.Events.Count(e => e.EventType == EventType.WorkflowExecutionTerminated);
                DateTime? taskStarted = null;
                var replaying = false; // the task after a refused close: the worker dropped its copy and replays the whole run
                foreach (var e in history.Events)
                {
                    switch (e.EventType)
                    {
                        case EventType.WorkflowTaskStarted:
                            taskStarted = e.EventTime.ToDateTime();
                            break;
                        case EventType.WorkflowTaskCompleted when taskStarted is { } started:
                            var took = e.EventTime.ToDateTime() - started;
                            (longestReplay, longest) = replaying ? (Max(longestReplay, took), longest) : (longestReplay, Max(longest, took));
                            replaying = false;
                            break;
                        case EventType.WorkflowTaskFailed when e.WorkflowTaskFailedEventAttributes.Cause == WorkflowTaskFailedCause.UnhandledCommand:
                            refused++;
                            replaying = true;
                            break;
                        case EventType.WorkflowTaskFailed:
                            failures.Add($"{e.WorkflowTaskFailedEventAttributes.Cause}: {e.WorkflowTaskFailedEventAttributes.Failure?.Message}");
                            break;
                        case EventType.WorkflowTaskTimedOut:
                            timedOut++;
                            break;
                    }
                }
            }
            if (runs == 0)
            {
                continue;
            }
            var routed = (await temporal.GetWorkflowHandle(workflowId).QueryAsync<System.Text.Json.JsonElement>("stats", [])).GetProperty("routed").GetInt64();
            Console.WriteLine($"  {workflowId}: {runs} runs, {refused} closes refused, {timedOut} tasks timed out, {terminated} terminated; longest task " +
                $"{longest.TotalMilliseconds:F0} ms, longest replay after a refused close {longestReplay.TotalMilliseconds:F0} ms; " +
                $"{routed} events routed, {bytes / Math.Max(routed, 1)} bytes of history per event" +
                string.Concat(failures.Distinct().Select(f => $"; failed: {f}")));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
