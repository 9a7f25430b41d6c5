using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Documents;

/// <summary>
/// Routes each document URI to the store that serves it, after the resource URI rules and the store's allow-list: a URI no
/// store serves gets an error naming the schemes that work, a refused one a <see cref="DocumentRefusedException"/>.
/// </summary>
public sealed class DocumentStores(IEnumerable<IDocumentStore> stores) : IDocumentReader
{
    /// <summary>Why the URI will not be opened (the rules every resource URI must meet, then the serving store's allow-list), or null.</summary>
    public string? Refusal(string uri)
    {
        if (ResourceUris.Problem(uri) is { } problem)
        {
            return problem;
        }
        var parsed = Parse(uri);
        return stores.FirstOrDefault(s => s.CanHandle(parsed)) is { } store ? store.Refusal(parsed) : NoStore(parsed);
    }

    public Task<StoredDocument> GetAsync(string uri, CancellationToken cancellationToken)
    {
        var parsed = Parse(uri);
        var store = For(parsed);
        return ResourceUris.Problem(uri) is { } problem
            ? throw new DocumentRefusedException(parsed, problem)
            : store.GetAsync(parsed, cancellationToken);
    }

    public IAsyncEnumerable<Uri> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var parsed = Parse(prefix);
        return For(parsed).ListAsync(parsed, cancellationToken);
    }

    private IDocumentStore For(Uri uri) => stores.FirstOrDefault(s => s.CanHandle(uri)) ?? throw new ArgumentException(NoStore(uri));

    private static string NoStore(Uri uri) =>
        $"No document store is configured for {uri.Scheme}://{uri.Host}: configure S3 or Azure Blob (and their allowed buckets and containers), or file roots.";

    private static Uri Parse(string uri) =>
        DocumentUris.TryParse(uri, out var parsed) || (Uri.TryCreate(uri, UriKind.Absolute, out parsed) && parsed.Scheme == "s3")
            ? parsed
            : throw new ArgumentException($"'{uri}' is not a document URI: use s3://bucket/key, a blob URL, or file:///path.");
}
