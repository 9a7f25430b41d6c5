using System.Text.Json;

namespace TemporalFlow.Listeners.S3;

/// <summary>
/// S3 event notifications (as SQS delivers them, directly or wrapped by SNS) → <c>document-added</c> events:
/// one per record, keys URL-decoded, <c>s3:TestEvent</c> ignored. The record's sequencer and time make the event id
/// stable across redeliveries of the same message.
/// </summary>
public static class S3NotificationParser
{
    public static IReadOnlyList<JsonElement> Parse(string body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Type", out var type) && type.GetString() == "Notification"
            && root.TryGetProperty("Message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            return Parse(message.GetString()!); // S3 → SNS → SQS
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an S3 notification must be a JSON object");
        }
        if (root.TryGetProperty("Event", out var testEvent) && testEvent.GetString() == "s3:TestEvent")
        {
            return [];
        }
        if (!root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("an S3 notification carries a Records array");
        }
        return [.. records.EnumerateArray().Select(ToEvent)];
    }

    private static JsonElement ToEvent(JsonElement record)
    {
        var s3 = record.GetProperty("s3");
        var bucket = s3.GetProperty("bucket").GetProperty("name").GetString()!;
        var @object = s3.GetProperty("object");
        // S3 URL-encodes keys in notifications, with '+' for spaces.
        var key = Uri.UnescapeDataString(@object.GetProperty("key").GetString()!.Replace('+', ' '));
        return JsonSerializer.SerializeToElement(new
        {
            eventType = "document-added",
            source = "s3",
            bucket,
            key,
            documentUri = $"s3://{bucket}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}",
            size = @object.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : (long?)null,
            eTag = Text(@object, "eTag"),
            sequencer = Text(@object, "sequencer"),
            s3EventName = Text(record, "eventName"),
            s3EventTime = Text(record, "eventTime"),
            awsRegion = Text(record, "awsRegion"),
        });
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
