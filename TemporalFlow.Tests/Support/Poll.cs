namespace TemporalFlow.Tests.Support;

/// <summary>Waits for a condition, reading again every 100 ms, for at most a minute (then the test fails with a timeout).</summary>
internal static class Poll
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Reads until the value satisfies <paramref name="done"/>, and returns it.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var value = await read();
        while (!done(value))
        {
            await Task.Delay(100, timeout.Token);
            value = await read();
        }
        return value;
    }

    public static Task UntilAsync(Func<bool> done) => UntilAsync(() => Task.FromResult(done()), held => held);

    /// <summary>The first workflow task failure in a run's history, once there is one.</summary>
    public static async Task<Temporalio.Api.History.V1.WorkflowTaskFailedEventAttributes> FirstTaskFailureAsync(Temporalio.Client.WorkflowHandle handle)
    {
        var history = await UntilAsync(() => handle.FetchHistoryAsync(), h => h.Events.Any(e => e.WorkflowTaskFailedEventAttributes is not null));
        return history.Events.First(e => e.WorkflowTaskFailedEventAttributes is not null).WorkflowTaskFailedEventAttributes;
    }
}
