using System.Text;

namespace TemporalFlow.Tests.Reliability;

/// <summary>A hostile webhook request: its body, content type, and the status a correct listener answers with.</summary>
internal sealed record HostileRequest(string Kind, byte[] Body, string? ContentType, int Expected);

/// <summary>
/// Generates hostile webhook requests from a seed (the same seed, the same requests): malformed JSON, wrong types, deep
/// nesting, huge strings, invalid UTF-8, unexpected content types, oversized bodies, and shapes that are JSON but not events.
/// </summary>
internal static class HostileBodies
{
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly string[] WrongTypes =
    [
        """{"eventType": 42}""", """{"eventType": null}""", """{"eventType": ["incident"]}""", """{"eventType": {"x": 1}}""", """{"eventType": true}""",
        """{"eventType": "incident", "source": 7}""", """{"eventType": ""}""", """{"eventType": "   "}""", """{"source": "s3"}""", "{}",
        """{"eventType": "document-added", "documentUri": "not a uri"}""", """{"eventType": "document-added", "documentUri": 12}""",
        "[]", "[1, 2, 3]", "\"incident\"", "42", "null", "true", """[{"eventType": 1}]""",
    ];

    private static readonly string[] BadContentTypes = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""];

    public static IEnumerable<HostileRequest> Generate(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return (i % 8) switch
            {
                0 => Malformed(random),
                1 => new HostileRequest("wrong types", Encoding.UTF8.GetBytes(WrongTypes[random.Next(WrongTypes.Length)]), "application/json", 400),
                2 => Nested(random),
                3 => new HostileRequest("huge string", Encoding.UTF8.GetBytes($$"""{"eventType":"incident","message":"{{new string('x', 300_000 + random.Next(400_000))}}"}"""),
                    "application/json", 400),
                4 => InvalidUtf8(random),
                5 => new HostileRequest("content type", Encoding.UTF8.GetBytes("""{"eventType":"incident","message":"m"}"""),
                    BadContentTypes[random.Next(BadContentTypes.Length)] is { Length: > 0 } type ? type : null, 415),
                6 => new HostileRequest("oversized", Encoding.UTF8.GetBytes($$"""{"eventType":"incident","message":"{{new string('y', MaxBodyBytes + random.Next(100_000))}}"}"""),
                    "application/json", 413),
                _ => RandomBytes(random),
            };
        }
    }

    private static HostileRequest Malformed(Random random)
    {
        var valid = "{\"eventType\":\"incident\",\"source\":\"monitoring\",\"message\":\"m" + random.Next() + "\",\"nested\":{\"a\":[1,2,{\"b\":\"c\"}]}}";
        var cut = valid[..random.Next(1, valid.Length - 1)];
        var broken = random.Next(3) switch { 0 => cut, 1 => valid.Replace(':', ' '), _ => valid.Replace("\"", "", StringComparison.Ordinal) };
        return new HostileRequest("malformed JSON", Encoding.UTF8.GetBytes(broken), "application/json", 400);
    }

    private static HostileRequest Nested(Random random)
    {
        var depth = 70 + random.Next(5000);
        var body = $$"""{"eventType":"incident","payload":{{new string('[', depth)}}{{new string(']', depth)}}}""";
        return new HostileRequest("deep nesting", Encoding.UTF8.GetBytes(body), "application/json", 400);
    }

    private static HostileRequest InvalidUtf8(Random random)
    {
        var prefix = Encoding.UTF8.GetBytes("""{"eventType":"incident","message":" """);
        byte[][] invalid = [[0xC3, 0x28], [0xE2, 0x28, 0xA1], [0xF0, 0x28, 0x8C, 0x28], [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80]];
        var bad = invalid[random.Next(invalid.Length)];
        return new HostileRequest("invalid UTF-8", [.. prefix, .. bad, .. "\"}"u8.ToArray()], "application/json", 400);
    }

    private static HostileRequest RandomBytes(Random random)
    {
        var bytes = new byte[1 + random.Next(2048)];
        random.NextBytes(bytes);
        bytes[0] = (byte)'{'; // looks like JSON for a moment
        return new HostileRequest("random bytes", bytes, "application/json", 400);
    }
}
