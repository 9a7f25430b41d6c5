using System.Text.Json;
using TemporalFlow.Core.Events;

namespace TemporalFlow.Core.Tests;

public sealed class EventParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static EventParseResult Parse(string json) => EventParser.Parse(JsonDocument.Parse(json).RootElement, Now);

    [Fact]
    public void TheProductDescriptionsEventsParseWithEveryOtherFieldAsPayload()
    {
        var result = Parse("""{"eventType":"document-added","source":"s3","bucket":"my-documents","key":"uploads/document.pdf","documentUri":"s3://my-documents/uploads/document.pdf"}""");
        Assert.True(result.IsValid, result.Reason);
        var e = result.Event!;
        Assert.Equal("document-added", e.EventType);
        Assert.Equal("s3", e.Source);
        Assert.Equal(Now, e.ReceivedAt);
        Assert.Equal(["bucket", "documentUri", "key"], e.Payload.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("my-documents", e.Text("bucket"));
        Assert.StartsWith("evt-", e.EventId, StringComparison.Ordinal);
    }

    [Fact]
    public void DerivedIdsIgnoreFieldOrderReceivedTimeAndAGivenIdWins()
    {
        var a = Parse("""{"eventType":"incident","source":"monitoring","message":"down"}""").Event!;
        var b = Parse("""{"message":"down","receivedAt":"2026-01-01T00:00:00Z","source":"monitoring","eventType":"incident"}""").Event!;
        var c = Parse("""{"eventType":"incident","source":"monitoring","message":"up"}""").Event!;
        Assert.Equal(a.EventId, b.EventId);
        Assert.NotEqual(a.EventId, c.EventId);
        Assert.Equal("given-1", Parse("""{"eventType":"incident","eventId":"given-1"}""").Event!.EventId);
    }

    [Theory]
    [InlineData("""{"source":"s3"}""", "eventType: is required")]
    [InlineData("""{"eventType":""}""", "eventType: must not be empty or blank")]
    [InlineData("""{"eventType":42,"source":["x"]}""", "eventType: must be a string, not a number; source: must be a string, not an array")]
    [InlineData("""{"eventType":"document-added","documentUri":"not a uri"}""", "documentUri: 'not a uri' is not a document URI")]
    [InlineData("""{"eventType":"document-added","documentUri":"s3://bucket-only"}""", "documentUri:")]
    [InlineData("""{"eventType":"incident","receivedAt":"yesterday"}""", "receivedAt: must be an RFC 3339 timestamp string")]
    [InlineData("""["an","array"]""", "$: an event must be a JSON object, not an array")]
    public void InvalidEventsNameEveryBadField(string json, string expected)
    {
        var result = Parse(json);
        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedEventsAreRefused()
    {
        var big = JsonSerializer.Serialize(new { eventType = "incident", message = new string('x', 300_000) });
        var result = Parse(big);
        Assert.False(result.IsValid);
        Assert.Contains("over the 262144-byte limit", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CloudEventsAreMappedTypeSourceIdSubjectTimeAndData()
    {
        var json = """
            {"specversion":"1.0","type":"document-added","source":"azure-blob","id":"abc-1","subject":"/blobs/report.txt",
             "time":"2026-11-26T10:00:00Z","data":{"documentUri":"https://account.blob.core.windows.net/docs/report.txt","size":12},"traceparent":"00-x"}
            """;
        var result = Parse(json);
        Assert.True(result.IsValid, result.Reason);
        var e = result.Event!;
        Assert.Equal("document-added", e.EventType);
        Assert.Equal("azure-blob", e.Source);
        Assert.Equal("/blobs/report.txt", e.Subject);
        Assert.Equal("https://account.blob.core.windows.net/docs/report.txt", e.Text("documentUri"));
        Assert.Equal("2026-11-26T10:00:00Z", e.Text("time"));
        Assert.True(e.Payload.ContainsKey("traceparent"));
        Assert.Equal(e.EventId, Parse(json.Replace("\"size\":12", "\"size\":12", StringComparison.Ordinal)).Event!.EventId);
        Assert.Contains("type: is required", Parse("""{"specversion":"1.0","source":"x","id":"1"}""").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFlatJsonShapeRoundTrips()
    {
        var e = Parse("""{"eventType":"incident","source":"monitoring","message":"Critical system failure detected"}""").Event!;
        var again = EventParser.Parse(e.ToJson(), DateTimeOffset.MinValue).Event!;
        Assert.Equal(e.EventId, again.EventId);
        Assert.Equal(e.ReceivedAt, again.ReceivedAt);
        Assert.Equal("Critical system failure detected", again.Text("message"));
    }
}
