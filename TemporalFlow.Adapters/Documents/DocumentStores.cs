using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Documents;

/// <summary>Routes each document URI to the store that serves it; a URI no store serves gets an error naming the schemes that work.</summary>
public sealed class DocumentStores(IEnumerable<IDocumentStore> stores)
{
    public Task<StoredDocument> GetAsync(string uri, CancellationToken cancellationToken)
    {
        var parsed = Parse(uri);
        return For(parsed).GetAsync(parsed, cancellationToken);
    }

    public IAsyncEnumerable<Uri> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var parsed = Parse(prefix);
        return For(parsed).ListAsync(parsed, cancellationToken);
    }

    private IDocumentStore For(Uri uri) => stores.FirstOrDefault(s => s.CanHandle(uri))
        ?? throw new ArgumentException($"No document store is configured for {uri.Scheme}://{uri.Host}: configure S3 or Azure Blob, or use file:// paths.");

    private static Uri Parse(string uri) =>
        DocumentUris.TryParse(uri, out var parsed) || (Uri.TryCreate(uri, UriKind.Absolute, out parsed) && parsed.Scheme == "s3")
            ? parsed
            : throw new ArgumentException($"'{uri}' is not a document URI: use s3://bucket/key, a blob URL, or file:///path.");
}
