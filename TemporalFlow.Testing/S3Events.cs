using System.Text.Json;

namespace TemporalFlow.Testing;

/// <summary>S3 object-created notifications as S3 puts them on SQS (fauxqs emits none, so tests send them).</summary>
public static class S3Events
{
    public static string Notification(string bucket, string key, long size, string eTag, string sequencer, string eventTime = "2026-11-26T10:00:00.000Z") =>
        JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new
                {
                    eventVersion = "2.1", eventSource = "aws:s3", awsRegion = "us-east-1", eventTime, eventName = "ObjectCreated:Put",
                    s3 = new { s3SchemaVersion = "1.0", bucket = new { name = bucket }, @object = new { key, size, eTag, sequencer } },
                },
            },
        });
}
