namespace TemporalFlow.Core.Documents;

/// <summary>
/// Detects a document's kind from its first bytes (signatures win: a PDF named <c>.txt</c> is a PDF), then its content type,
/// then its extension, then a look at the text itself. Binary formats we do not read are named in the reason.
/// </summary>
public static class DocumentTypeDetector
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 512;

    private static readonly (byte[] Signature, string Name)[] BinarySignatures =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ([(byte)'P', (byte)'K', 3, 4], "a ZIP archive (e.g. DOCX, XLSX)"),
        ([0x1F, 0x8B], "a gzip archive"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "an executable"),
        ([0xD0, 0xCF, 0x11, 0xE0], "a legacy Office document"),
    ];

    public static DetectedType Detect(ReadOnlySpan<byte> head, string? contentType, string path)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return DetectedType.Of(DocumentKind.Pdf);
        }
        foreach (var (signature, name) in BinarySignatures)
        {
            if (head.StartsWith(signature))
            {
                return DetectedType.NotSupported($"unsupported type: the content is {name}");
            }
        }
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".pdf")
        {
            return DetectedType.NotSupported("unsupported type: named .pdf but the content is not a PDF (no %PDF- header)");
        }
        if (head.Contains((byte)0) && !StartsWithUtf16Bom(head))
        {
            return DetectedType.NotSupported($"unsupported type: binary content ({Describe(contentType, extension)})");
        }
        return ByContentType(MediaType(contentType)) ?? ByExtension(extension) ?? BySniffing(head) ?? (IsGeneric(MediaType(contentType))
            ? DetectedType.Of(DocumentKind.PlainText)
            : DetectedType.NotSupported($"unsupported type: {Describe(contentType, extension)}"));
    }

    private static DetectedType? ByContentType(string mediaType) => mediaType switch
    {
        "text/html" or "application/xhtml+xml" => DetectedType.Of(DocumentKind.Html),
        "application/json" or "text/json" or "application/x-ndjson" or "application/jsonl" => DetectedType.Of(DocumentKind.Json),
        _ when mediaType.EndsWith("+json", StringComparison.Ordinal) => DetectedType.Of(DocumentKind.Json),
        "text/csv" or "text/tab-separated-values" => DetectedType.Of(DocumentKind.Csv),
        "text/markdown" or "text/x-markdown" => DetectedType.Of(DocumentKind.Markdown),
        "application/pdf" => DetectedType.NotSupported("unsupported type: declared application/pdf but the content is not a PDF"),
        _ => null,
    };

    private static DetectedType? ByExtension(string extension) => extension switch
    {
        ".md" or ".markdown" => DetectedType.Of(DocumentKind.Markdown),
        ".json" or ".jsonl" or ".ndjson" => DetectedType.Of(DocumentKind.Json),
        ".csv" or ".tsv" => DetectedType.Of(DocumentKind.Csv),
        ".html" or ".htm" => DetectedType.Of(DocumentKind.Html),
        ".txt" or ".text" or ".log" => DetectedType.Of(DocumentKind.PlainText),
        _ => null,
    };

    private static DetectedType? BySniffing(ReadOnlySpan<byte> head)
    {
        var text = head.TrimStart("\xEF\xBB\xBF"u8).TrimStart(" \t\r\n"u8);
        if (text.StartsWith("{"u8) || text.StartsWith("["u8))
        {
            return DetectedType.Of(DocumentKind.Json);
        }
        var lower = System.Text.Encoding.UTF8.GetString(text[..Math.Min(text.Length, 64)]).ToLowerInvariant();
        return lower.StartsWith("<!doctype html", StringComparison.Ordinal) || lower.StartsWith("<html", StringComparison.Ordinal)
            ? DetectedType.Of(DocumentKind.Html)
            : null;
    }

    /// <summary>Content types that say nothing (S3's default, a missing one, any text/*): fall back to plain text.</summary>
    private static bool IsGeneric(string mediaType) =>
        mediaType is "" or "application/octet-stream" or "binary/octet-stream" || mediaType.StartsWith("text/", StringComparison.Ordinal);

    private static bool StartsWithUtf16Bom(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    private static string MediaType(string? contentType) =>
        (contentType ?? "").Split(';', 2)[0].Trim().ToLowerInvariant();

    private static string Describe(string? contentType, string extension) =>
        $"content type '{(string.IsNullOrEmpty(contentType) ? "none" : MediaType(contentType))}', extension '{(extension.Length > 0 ? extension : "none")}'";
}
