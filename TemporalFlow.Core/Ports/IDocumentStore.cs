namespace TemporalFlow.Core.Ports;

/// <summary>Where the documents events point at live: S3, Azure Blob, the local file system. Chosen by the URI's scheme.</summary>
public interface IDocumentStore
{
    /// <summary>True when this store serves the URI (its scheme, and for blob URLs its account).</summary>
    bool CanHandle(Uri uri);

    /// <summary>
    /// Why this store will not open the URI (outside its allow-list: file roots, buckets, account and containers; not a regular
    /// file), or null. Decided without opening or reading the object.
    /// </summary>
    string? Refusal(Uri uri);

    /// <summary>
    /// The document, its content streamed (dispose it); <see cref="DocumentNotFoundException"/> when it does not exist,
    /// <see cref="DocumentRefusedException"/> when <see cref="Refusal"/> refuses it (checked again here, never skipped).
    /// </summary>
    Task<StoredDocument> GetAsync(Uri uri, CancellationToken cancellationToken);

    /// <summary>The documents under a prefix (<c>s3://bucket/prefix</c>, a blob container URL with a path, a folder).</summary>
    IAsyncEnumerable<Uri> ListAsync(Uri prefix, CancellationToken cancellationToken);
}

/// <summary>A document's content (a stream: read it once, then dispose) and what the store knows about it.</summary>
public sealed class StoredDocument(Uri uri, Stream content, long size, string contentType, IReadOnlyDictionary<string, string> metadata) : IAsyncDisposable
{
    public Uri Uri { get; } = uri;
    public Stream Content { get; } = content;
    public long Size { get; } = size;
    public string ContentType { get; } = contentType;
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

public sealed class DocumentNotFoundException(Uri uri) : Exception($"No document at {uri}: check the bucket, container or path, and that it was not deleted.")
{
    public Uri Uri { get; } = uri;
}

/// <summary>The URI names something the stores may not open; the reason says which rule or setting refuses it.</summary>
public sealed class DocumentRefusedException(Uri uri, string reason) : Exception($"Refused {uri.Scheme}:// resource: {reason}")
{
    public Uri Uri { get; } = uri;

    public string Reason { get; } = reason;
}
