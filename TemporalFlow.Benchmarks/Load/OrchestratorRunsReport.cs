using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using TemporalFlow.Adapters.Temporal;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>
/// How each orchestrator shard continued as new during the run, from its histories: runs, closes the server refused (a signal
/// came while the closing task ran, so the worker replays the run), and the longest workflow task (a replay shows as one).
/// </summary>
internal static class OrchestratorRunsReport
{
    public static async Task PrintAsync(ITemporalClient temporal, int shards, DateTimeOffset since)
    {
        Console.WriteLine("Orchestrator shards (runs that closed or ran since the run started):");
        for (var shard = 0; shard < shards; shard++)
        {
            var workflowId = $"{OrchestratorShards.WorkflowIdPrefix}{shard}";
            var (runs, refused, timedOut, longest) = (0, 0, 0, TimeSpan.Zero);
            var failures = new List<string>();
            await foreach (var run in temporal.ListWorkflowsAsync($"WorkflowId = '{workflowId}'"))
            {
                if (run.CloseTime is { } closed && closed < since.UtcDateTime)
                {
                    continue;
                }
                runs++;
                var history = await temporal.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync();
                DateTime? taskStarted = null;
                foreach (var e in history.Events)
                {
                    switch (e.EventType)
                    {
                        case EventType.WorkflowTaskStarted:
                            taskStarted = e.EventTime.ToDateTime();
                            break;
                        case EventType.WorkflowTaskCompleted when taskStarted is { } started:
                            longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (e.EventTime.ToDateTime() - started).Ticks));
                            break;
                        case EventType.WorkflowTaskFailed when e.WorkflowTaskFailedEventAttributes.Cause == WorkflowTaskFailedCause.UnhandledCommand:
                            refused++;
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
            Console.WriteLine($"  {workflowId}: {runs} runs, {refused} closes refused, {timedOut} tasks timed out, longest task {longest.TotalMilliseconds:F0} ms" +
                string.Concat(failures.Distinct().Select(f => $"; failed: {f}")));
        }
    }
}
