using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Documents;
using TemporalFlow.Core.Documents;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Workflows.Documents.Processing;

/// <summary>A document read once: hashed, typed, its text extracted and counted. Content problems become a rejected record, never an exception.</summary>
public sealed class DocumentProcessor(IDocumentReader stores, IOptions<DocumentSettings> options)
{
    /// <summary>The record (and text) for the document's current version; <see cref="DocumentNotFoundException"/> when it is not there.</summary>
    /// <remarks><paramref name="progress"/> is called as work advances (each chunk read, each PDF page): the activity heartbeats with it.</remarks>
    public async Task<(DocumentRecord Record, ExtractedText? Text)> ProcessAsync(DocumentRequest request, DateTimeOffset now, Action progress,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (stores.Refusal(request.DocumentUri) is { } refusal)
        {
            return (request.Unread(DocumentStatuses.Rejected, $"refused: {refusal}", now), null); // decided before anything is opened
        }
        await using var document = await stores.GetAsync(request.DocumentUri, cancellationToken);
        var eTag = DocumentVersions.Normalize(document.Metadata.GetValueOrDefault("eTag"));
        DocumentRecord Record(string version, string status, string? sha256, long size) => new(request.DocumentUri, version, status, null,
            document.ContentType, sha256, size, null, null, null, request.EventId, request.WorkflowId, now);

        if (document.Size > settings.MaxSizeBytes)
        {
            // Too large to read: not downloaded, so not hashed either.
            return (Record(eTag ?? request.UnseenVersion(), DocumentStatuses.Rejected, null, document.Size) with { Reason = TooLarge(document.Size, settings) }, null);
        }

        // Longer than its store said: reading stops at the limit, so a source that never ends holds the worker no longer than that.
        await using var hashing = new HashingStream(document.Content, settings.MaxSizeBytes);
        var buffer = new MemoryStream();
        try
        {
            await CopyAsync(hashing, buffer, progress, cancellationToken);
        }
        catch (ReadLimitExceededException ex)
        {
            return (Record(eTag ?? request.UnseenVersion(), DocumentStatuses.Rejected, null, hashing.BytesRead) with { Reason = ex.Reason(LimitSetting) }, null);
        }
        var sha256 = hashing.Sha256();
        var record = Record(eTag ?? DocumentVersions.FromHash(sha256), DocumentStatuses.Processed, sha256, hashing.BytesRead);

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var detected = DocumentTypeDetector.Detect(bytes[..Math.Min(bytes.Length, DocumentTypeDetector.HeadLength)], document.ContentType,
            new Uri(request.DocumentUri).AbsolutePath);
        if (detected.Kind is not { } kind)
        {
            return (record with { Status = DocumentStatuses.Rejected, Reason = detected.Unsupported }, null);
        }
        record = record with { Kind = Name(kind) };
        var (text, problem) = Extract(kind, buffer.ToArray(), progress);
        if (text is null)
        {
            return (record with { Status = DocumentStatuses.Rejected, Reason = problem }, null);
        }
        var statistics = TextStatistics.Of(text);
        var stored = text.Length > settings.MaxTextCharacters
            ? new ExtractedText(text[..settings.MaxTextCharacters], Truncated: true)
            : new ExtractedText(text, Truncated: false);
        return (record with { Words = statistics.Words, Lines = statistics.Lines }, stored);
    }

    public static string Name(DocumentKind kind) => kind switch
    {
        DocumentKind.PlainText => "text",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static (string? Text, string? Problem) Extract(DocumentKind kind, byte[] bytes, Action progress)
    {
        try
        {
            if (kind == DocumentKind.Pdf)
            {
                return (Clean(TextDecoding.FromPdf(bytes, progress)), null);
            }
            return TextDecoding.Decode(bytes) is { } decoded
                ? (Clean(TextExtractor.Extract(kind, decoded)), null)
                : (null, $"not valid UTF-8 text (detected as {Name(kind)}): save it as UTF-8");
        }
        catch (FormatException ex)
        {
            return (null, $"{Name(kind)} that does not parse: {ex.Message}");
        }
        catch (Exception ex) when (kind == DocumentKind.Pdf && ex is not OutOfMemoryException)
        {
            return (null, $"a PDF that cannot be read: {ex.Message}");
        }
    }

    /// <summary>PostgreSQL text cannot hold NUL characters.</summary>
    private static string Clean(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    private const string LimitSetting = $"{DocumentSettings.SectionName}:{nameof(DocumentSettings.MaxSizeBytes)}";

    private static string TooLarge(long size, DocumentSettings settings) =>
        $"too large: {size} bytes, over the limit of {settings.MaxSizeBytes} bytes ({LimitSetting}); not read, so the version's hash was not computed";

    /// <summary>Copies the content, reporting progress for each chunk (the source stops at its limit).</summary>
    private static async Task CopyAsync(HashingStream source, MemoryStream target, Action progress, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            progress();
            await target.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
    }
}
