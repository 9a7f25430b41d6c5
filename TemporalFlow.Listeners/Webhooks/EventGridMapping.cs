using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// Event Grid events (either schema) as TemporalFlow events: BlobCreated becomes <c>document-added</c> with the blob URL
/// (source <c>azure-blob</c>); anything else keeps its type (source <c>azure-eventgrid</c>). The Event Grid id becomes the
/// event id, so a redelivery is recognised.
/// </summary>
public static class EventGridMapping
{
    /// <summary>The events in a body, in whichever schema it is (CloudEvents when it has <c>specversion</c>).</summary>
    public static IReadOnlyList<JsonElement> Parse(BinaryData body)
    {
        // The SDK's parsers read `null` (and other scalars) as an empty batch: that is a malformed delivery, not an empty one.
        var first = body.ToMemory().Span.TrimStart(" \t\r\n"u8);
        if (first.IsEmpty || (first[0] != (byte)'{' && first[0] != (byte)'['))
        {
            throw new FormatException("an Event Grid delivery is a JSON object or an array of them");
        }
        var cloudEvents = body.ToString().Contains("\"specversion\"", StringComparison.Ordinal);
        return cloudEvents
            ? [.. CloudEvent.ParseMany(body).Select(FromCloudEvent)]
            : [.. EventGridEvent.ParseMany(body).Select(FromEventGridEvent)];
    }

    public static JsonElement FromEventGridEvent(EventGridEvent e) =>
        e.TryGetSystemEventData(out var data) && data is StorageBlobCreatedEventData blob
            ? BlobCreated($"eg-{e.Id}", blob, e.Subject, e.EventTime)
            : JsonSerializer.SerializeToElement(new { eventId = $"eg-{e.Id}", eventType = e.EventType, source = "azure-eventgrid", subject = e.Subject, data = e.Data.ToObjectFromJson<JsonElement>() });

    public static JsonElement FromCloudEvent(CloudEvent e) =>
        e.TryGetSystemEventData(out var data) && data is StorageBlobCreatedEventData blob
            ? BlobCreated($"eg-{e.Id}", blob, e.Subject, e.Time)
            : JsonSerializer.SerializeToElement(new { eventId = $"eg-{e.Id}", eventType = e.Type, source = "azure-eventgrid", subject = e.Subject, data = e.Data?.ToObjectFromJson<JsonElement>() });

    private static JsonElement BlobCreated(string eventId, StorageBlobCreatedEventData blob, string? subject, DateTimeOffset? time) =>
        JsonSerializer.SerializeToElement(new
        {
            eventId,
            eventType = "document-added",
            source = "azure-blob",
            subject,
            documentUri = blob.Url,
            contentType = blob.ContentType,
            size = blob.ContentLength,
            eTag = blob.ETag,
            time,
        });
}
