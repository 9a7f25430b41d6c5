using System.Diagnostics;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace TemporalFlow.ServiceDefaults.Tracing;

/// <summary>
/// W3C trace context in Temporal headers, under the key and shape Temporal's OpenTelemetry interceptors use in every SDK
/// (<c>_tracer-data</c>: a JSON object with <c>traceparent</c> and <c>tracestate</c>), so traces join across languages.
/// </summary>
public static class TraceHeaders
{
    public const string Key = "_tracer-data";

    public static IDictionary<string, Payload> Inject(IDictionary<string, Payload>? headers, ActivityContext context)
    {
        var result = headers is null ? new Dictionary<string, Payload>() : new Dictionary<string, Payload>(headers);
        if (context == default)
        {
            return result;
        }
        var data = new Dictionary<string, string> { ["traceparent"] = TraceParent(context) };
        if (!string.IsNullOrEmpty(context.TraceState))
        {
            data["tracestate"] = context.TraceState;
        }
        result[Key] = DataConverter.Default.PayloadConverter.ToPayload(data);
        return result;
    }

    /// <summary>The context a header carries; default when there is none or it does not parse.</summary>
    public static ActivityContext Extract(IReadOnlyDictionary<string, Payload>? headers)
    {
        if (headers is null || !headers.TryGetValue(Key, out var payload))
        {
            return default;
        }
        try
        {
            var data = DataConverter.Default.PayloadConverter.ToValue<Dictionary<string, string>>(payload);
            return data.TryGetValue("traceparent", out var parent) && ActivityContext.TryParse(parent, data.GetValueOrDefault("tracestate"), out var context)
                ? context
                : default;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            return default; // a foreign or damaged header never fails the workflow
        }
    }

    public static string TraceParent(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}";

    public static ActivityContext Parse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
}
