namespace TemporalFlow.Benchmarks;

internal static class Percentiles
{
    /// <summary>The value below which a share <paramref name="p"/> of the sorted values lie (nearest rank).</summary>
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>"p50 12.3 ms, p99 45.6 ms" of values in milliseconds, sorted in place.</summary>
    public static string Summary(List<double> milliseconds)
    {
        milliseconds.Sort();
        return $"p50 {Of(milliseconds, 0.50):F1} ms, p99 {Of(milliseconds, 0.99):F1} ms";
    }
}
