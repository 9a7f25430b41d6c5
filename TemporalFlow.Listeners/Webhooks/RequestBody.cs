using System.Text.Json;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>Reads a request body once, within a size limit, keeping the raw bytes (signatures are over them).</summary>
internal static class RequestBody
{
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
        return buffer.ToArray();
    }

    /// <summary>The events in a body: one object, or an array of them (a batch).</summary>
    public static bool TryParseEvents(byte[] body, out IReadOnlyList<JsonElement> events, out string? error)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // JSON parsing does not check the bytes inside strings; reading them later would fail.
            events = [];
            error = "the body is not valid UTF-8: send JSON encoded as UTF-8";
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            events = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray().Select(e => e.Clone())] : [root.Clone()];
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            events = [];
            error = $"the body is not valid JSON: {ex.Message}";
            return false;
        }
    }

    public static IResult TooLarge(int maxBytes) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large.", detail: $"Send at most {maxBytes} bytes per request (split batches).");

    public static IResult BadJson(string error) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [error] }, title: "The body is not valid JSON.");
}
