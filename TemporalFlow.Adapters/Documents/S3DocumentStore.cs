using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Documents;

/// <summary>
/// <c>s3://bucket/key</c> documents, streamed from S3 (or a local S3 such as fauxqs), only from the configured buckets
/// (<c>DocumentStores:S3:Buckets</c>; none by default), whatever else the worker's credentials reach.
/// </summary>
public sealed class S3DocumentStore(IAmazonS3 s3, IEnumerable<string> buckets) : IDocumentStore
{
    private readonly HashSet<string> buckets = new(buckets, StringComparer.Ordinal);

    public bool CanHandle(Uri uri) => uri.Scheme == "s3";

    public string? Refusal(Uri uri) => buckets.Contains(uri.Host)
        ? null
        : $"the bucket '{uri.Host}' is not one of the configured buckets ({DocumentStoreOptions.S3BucketsKey})";

    public async Task<StoredDocument> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (Refusal(uri) is { } refusal)
        {
            throw new DocumentRefusedException(uri, refusal);
        }
        var (bucket, key) = Split(uri);
        try
        {
            var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
            var metadata = response.Metadata.Keys.ToDictionary(k => k, k => response.Metadata[k], StringComparer.Ordinal);
            metadata["eTag"] = response.ETag;
            return new StoredDocument(uri, response.ResponseStream, response.ContentLength,
                string.IsNullOrEmpty(response.Headers.ContentType) ? FileDocumentStore.ContentTypeOf(key) : response.Headers.ContentType, metadata);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
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
        var (bucket, keyPrefix) = Split(prefix);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = keyPrefix };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new Uri($"s3://{bucket}/{string.Join('/', item.Key.Split('/').Select(Uri.EscapeDataString))}");
            }
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    private static (string Bucket, string Key) Split(Uri uri) => (uri.Host, Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')));
}
