using Temporalio.Client;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Support;

/// <summary>
/// Runs a scenario against a real Temporalio worker on a fresh task queue, with the worker cache on or off
/// (<c>MaxCachedWorkflows = 0</c> makes every task replay from history), under a hard timeout,
/// and afterwards replays every history the scenario produced with <see cref="WorkflowReplayer"/>.
/// </summary>
internal sealed class WorkerScenario
{
    public static readonly TimeSpan HardTimeout = TimeSpan.FromSeconds(90);

    private readonly List<WorkflowHandle> handles = [];

    private WorkerScenario(ITemporalClient client, string taskQueue)
    {
        Client = client;
        TaskQueue = taskQueue;
    }

    public ITemporalClient Client { get; }

    public string TaskQueue { get; }

    /// <summary>Registers a run whose history is replayed when the scenario ends.</summary>
    public T Track<T>(T handle)
        where T : WorkflowHandle
    {
        handles.Add(handle);
        return handle;
    }

    public WorkflowOptions Options(string? id = null) => new(id ?? $"wf-{Guid.NewGuid():N}", TaskQueue);

    public static async Task RunAsync(ITemporalClient client, bool cacheOff, Action<TemporalWorkerOptions> register, Func<WorkerScenario, Task> body,
        string? taskQueue = null)
    {
        var scenario = new WorkerScenario(client, taskQueue ?? $"tq-{Guid.NewGuid():N}");
        var options = new TemporalWorkerOptions(scenario.TaskQueue) { MaxCachedWorkflows = cacheOff ? 0 : 1000 };
        register(options);
        using var worker = new TemporalWorker(client, options);
        await worker.ExecuteAsync(() => body(scenario)).WaitAsync(HardTimeout);
        await scenario.ReplayAsync(options).WaitAsync(HardTimeout);
    }

    /// <summary>Tracks every run of a workflow id (a continue-as-new chain has several), so all of them are replayed.</summary>
    public async Task TrackAllRunsAsync(string workflowId)
    {
        await foreach (var run in Client.ListWorkflowsAsync($"WorkflowId = '{workflowId}'"))
        {
            Track(Client.GetWorkflowHandle(run.Id, run.RunId));
        }
    }

    private async Task ReplayAsync(TemporalWorkerOptions workerOptions)
    {
        var replayOptions = new WorkflowReplayerOptions();
        foreach (var workflow in workerOptions.Workflows)
        {
            replayOptions.Workflows.Add(workflow);
        }
        var replayer = new WorkflowReplayer(replayOptions);
        foreach (var handle in handles)
        {
            var history = await handle.FetchHistoryAsync();
            var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);
            Assert.True(result.ReplayFailure is null, $"Replay of {handle.Id} failed: {result.ReplayFailure}");
            await Histories.RecordedHistories.RecordAsync(history);
        }
    }
}
