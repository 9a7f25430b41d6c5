using System.Diagnostics;

namespace TemporalFlow.ServiceDefaults.Tracing;

/// <summary>
/// The span around processing one queue message (SQS, Service Bus): the root of that message's events' traces, as an HTTP
/// request is for a webhook's. Consumer kind, as OpenTelemetry's messaging conventions name it.
/// </summary>
public static class MessageTracing
{
    public const string SourceName = $"{OpenTelemetryExtensions.TelemetryPrefix}.Messaging";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? Process(string system, string destination, string messageId) =>
        Source.StartActivity($"process {destination}", ActivityKind.Consumer, parentContext: default,
            [new("messaging.system", system), new("messaging.destination.name", destination), new("messaging.message.id", messageId)]);
}
