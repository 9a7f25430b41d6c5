using System.Diagnostics.Metrics;
using Temporalio.Runtime;

namespace TemporalFlow.ServiceDefaults.Tracing;

/// <summary>
/// The Temporal SDK's own metrics (polls, task latencies, slots, sticky cache, ...) as <see cref="System.Diagnostics.Metrics"/>
/// instruments on the meter <c>Temporalio</c>, so OpenTelemetry exports them with everything else.
/// </summary>
public sealed class TemporalSdkMeter : ICustomMetricMeter
{
    public const string MeterName = "Temporalio";

    private static readonly Meter Meter = new(MeterName);

    public ICustomMetricCounter<T> CreateCounter<T>(string name, string? unit, string? description)
        where T : struct => new Counter<T>(Meter.CreateCounter<T>(name, unit, description));

    public ICustomMetricHistogram<T> CreateHistogram<T>(string name, string? unit, string? description)
        where T : struct => new Histogram<T>(Meter.CreateHistogram<T>(name, unit, description));

    public ICustomMetricGauge<T> CreateGauge<T>(string name, string? unit, string? description)
        where T : struct => new Gauge<T>(Meter.CreateGauge<T>(name, unit, description));

    /// <summary>Tags are kept as a TagList, extended from the parent set the SDK passes.</summary>
    public object CreateTags(object? appendFrom, IReadOnlyCollection<KeyValuePair<string, object>> tags)
    {
        var list = appendFrom is KeyValuePair<string, object?>[] parent ? new List<KeyValuePair<string, object?>>(parent) : [];
        list.AddRange(tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)));
        return list.ToArray();
    }

    private static ReadOnlySpan<KeyValuePair<string, object?>> Tags(object tags) => (KeyValuePair<string, object?>[])tags;

    private sealed class Counter<T>(System.Diagnostics.Metrics.Counter<T> counter) : ICustomMetricCounter<T>
        where T : struct
    {
        public void Add(T value, object tags) => counter.Add(value, Tags(tags));
    }

    private sealed class Histogram<T>(System.Diagnostics.Metrics.Histogram<T> histogram) : ICustomMetricHistogram<T>
        where T : struct
    {
        public void Record(T value, object tags) => histogram.Record(value, Tags(tags));
    }

    private sealed class Gauge<T>(System.Diagnostics.Metrics.Gauge<T> gauge) : ICustomMetricGauge<T>
        where T : struct
    {
        public void Set(T value, object tags) => gauge.Record(value, Tags(tags));
    }
}
