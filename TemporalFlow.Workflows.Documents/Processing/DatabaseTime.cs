namespace TemporalFlow.Workflows.Documents.Processing;

internal static class DatabaseTime
{
    /// <summary>Now, at PostgreSQL's precision (microseconds), so what a run returns equals what a later run reads back.</summary>
    public static DateTimeOffset UtcNowForDatabase(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
