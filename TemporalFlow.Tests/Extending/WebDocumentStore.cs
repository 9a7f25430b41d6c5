using System.Net;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Tests.Extending;

/// <summary>
/// The worked example of docs/documents.md, "Adding a document store": documents on web servers, read only under the
/// allowed URL prefixes (say <c>https://intranet.example/handbook/</c>). Redirects are not followed (one could lead out of
/// the allow-list); a refused URL is never requested. Web servers cannot list, so neither can this store.
/// </summary>
public sealed class WebDocumentStore(HttpClient http, IEnumerable<Uri> allowedPrefixes) : IDocumentStore
{
    private readonly List<Uri> prefixes = [.. allowedPrefixes];

    /// <summary>A client for it: no automatic redirects.</summary>
    public static HttpClient Client() => new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public bool CanHandle(Uri uri) => uri.Scheme is "https" or "http" && prefixes.Any(p => SameOrigin(p, uri));

    public string? Refusal(Uri uri) => prefixes.Any(p => SameOrigin(p, uri) && uri.AbsolutePath.StartsWith(p.AbsolutePath, StringComparison.Ordinal))
        ? null
        : $"'{uri.GetLeftPart(UriPartial.Path)}' is not under an allowed prefix";

    public async Task<StoredDocument> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (Refusal(uri) is { } refusal)
        {
            throw new DocumentRefusedException(uri, refusal);
        }
        var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new DocumentNotFoundException(uri);
            }
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                throw new DocumentRefusedException(uri, "the server redirects; redirects are not followed");
            }
            response.EnsureSuccessStatusCode(); // anything else is the store being unavailable: the activity retries
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (response.Headers.ETag is { } eTag)
            {
                metadata["eTag"] = eTag.Tag;
            }
            return new StoredDocument(uri, await response.Content.ReadAsStreamAsync(cancellationToken), response.Content.Headers.ContentLength ?? -1,
                response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream", metadata);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public IAsyncEnumerable<Uri> ListAsync(Uri prefix, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Web servers do not list their documents; send one event per document.");

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
