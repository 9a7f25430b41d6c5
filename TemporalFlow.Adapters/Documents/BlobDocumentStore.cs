using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Documents;

/// <summary>
/// Azure Blob documents by blob URL, streamed: only the account of the configured service client (Azurite locally) and only
/// the configured containers (<c>DocumentStores:Blob:Containers</c>; none by default).
/// </summary>
public sealed class BlobDocumentStore(BlobServiceClient service, IEnumerable<string> containers) : IDocumentStore
{
    private readonly HashSet<string> containers = new(containers, StringComparer.Ordinal);

    public bool CanHandle(Uri uri) =>
        uri.Scheme is "https" or "http"
        && string.Equals(uri.Authority, service.Uri.Authority, StringComparison.OrdinalIgnoreCase)
        && uri.AbsolutePath.StartsWith(service.Uri.AbsolutePath, StringComparison.Ordinal);

    public string? Refusal(Uri uri)
    {
        var parts = new BlobUriBuilder(uri);
        if (!string.Equals(parts.AccountName, service.AccountName, StringComparison.Ordinal) || uri.Query.Length > 0)
        {
            return $"the URL is not a plain blob URL of the configured storage account '{service.AccountName}'";
        }
        return containers.Contains(parts.BlobContainerName)
            ? null
            : $"the container '{parts.BlobContainerName}' is not one of the configured containers ({DocumentStoreOptions.BlobContainersKey})";
    }

    public async Task<StoredDocument> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (Refusal(uri) is { } refusal)
        {
            throw new DocumentRefusedException(uri, refusal);
        }
        var blob = Blob(uri);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var content = await blob.OpenReadAsync(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false), cancellationToken);
            var metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.Ordinal) { ["eTag"] = properties.ETag.ToString() };
            return new StoredDocument(uri, content, properties.ContentLength, properties.ContentType ?? FileDocumentStore.ContentTypeOf(blob.Name), metadata);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new DocumentNotFoundException(uri);
        }
    }

    public async IAsyncEnumerable<Uri> ListAsync(Uri prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Refusal(prefix) is { } refusal)
        {
            throw new DocumentRefusedException(prefix, refusal);
        }
        var parts = new BlobUriBuilder(prefix);
        var container = service.GetBlobContainerClient(parts.BlobContainerName);
        await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None,
            string.IsNullOrEmpty(parts.BlobName) ? null : parts.BlobName, cancellationToken))
        {
            yield return container.GetBlobClient(item.Name).Uri;
        }
    }

    private BlobClient Blob(Uri uri)
    {
        var parts = new BlobUriBuilder(uri);
        return service.GetBlobContainerClient(parts.BlobContainerName).GetBlobClient(parts.BlobName);
    }
}
