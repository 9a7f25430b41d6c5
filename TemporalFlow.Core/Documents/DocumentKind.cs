namespace TemporalFlow.Core.Documents;

/// <summary>The document formats TemporalFlow extracts text from.</summary>
public enum DocumentKind
{
    PlainText,
    Markdown,
    Json,
    Csv,
    Html,
    Pdf,
}

/// <summary>What a document turned out to be: a supported kind, or the reason it is not supported.</summary>
public sealed record DetectedType(DocumentKind? Kind, string? Unsupported)
{
    public static DetectedType Of(DocumentKind kind) => new(kind, null);

    public static DetectedType NotSupported(string reason) => new(null, reason);
}
