using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TemporalFlow.Core.Events;

/// <summary>
/// Event ids derived from content: the same event delivered again (SQS, Service Bus and webhooks all redeliver)
/// gets the same id, whatever order its fields come in and whenever it is received.
/// </summary>
public static class EventIds
{
    public static string Derive(JsonElement @event)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, @event, topLevel: true);
        }
        return "evt-" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan))[..32];
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element, bool topLevel)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject()
                    .Where(p => !topLevel || (p.Name != EventFields.EventId && p.Name != EventFields.ReceivedAt))
                    .OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value, topLevel: false);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item, topLevel: false);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>A stable shard for an event id: the same id always lands on the same orchestrator instance.</summary>
    public static int Shard(string eventId, int shards)
    {
        // FNV-1a: stable across processes and runtimes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(eventId))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash % (uint)Math.Max(1, shards));
    }
}
