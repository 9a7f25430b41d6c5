namespace TemporalFlow.Core.Events;

/// <summary>The URIs a document event may point at: <c>s3://bucket/key</c>, blob or web URLs, and <c>file://</c> paths.</summary>
public static class DocumentUris
{
    private static readonly string[] Schemes = ["s3", "https", "http", "file"];

    public static bool TryParse(string? text, out Uri uri)
    {
        uri = null!;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text, UriKind.Absolute, out var parsed) || !Schemes.Contains(parsed.Scheme))
        {
            return false;
        }
        // s3 and web URIs need a host (the bucket or account); s3 also needs a key.
        if (parsed.Scheme != "file" && string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }
        if (parsed.Scheme == "s3" && parsed.AbsolutePath.Trim('/').Length == 0)
        {
            return false;
        }
        uri = parsed;
        return true;
    }
}
