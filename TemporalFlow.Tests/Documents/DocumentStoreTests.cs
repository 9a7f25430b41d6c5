using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TemporalFlow.Adapters.Documents;
using TemporalFlow.Core.Ports;
using TemporalFlow.Testing;

namespace TemporalFlow.Tests.Documents;

/// <summary>Each document store against a real local backend: the file system, fauxqs (S3), Azurite (Blob).</summary>
public sealed class DocumentStoreTests
{
    private static readonly byte[] Large = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);

    [Fact]
    public async Task FileStoreGetsListsStreamsAndReportsMissing()
    {
        var folder = Directory.CreateTempSubdirectory("temporalflow-docs-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "report.txt"), "hello");
            Directory.CreateDirectory(Path.Combine(folder.FullName, "sub"));
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "sub", "large.bin"), Large);
            var store = new DocumentStores([new FileDocumentStore([folder.FullName])]);
            var root = new Uri(folder.FullName + "/").AbsoluteUri;

            await AssertDocumentAsync(store, $"{root}report.txt", "hello"u8.ToArray(), "text/plain");
            await AssertDocumentAsync(store, $"{root}sub/large.bin", Large, "application/octet-stream");
            Assert.Equal(["report.txt", "sub/large.bin"], await ListAsync(store, root, root));
            await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.GetAsync($"{root}missing.txt", CancellationToken.None));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task S3StoreGetsListsStreamsAndReportsMissing()
    {
        await using var fauxqs = await LocalNodeServer.StartFauxqsAsync();
        using var s3 = FauxqsClients.S3(fauxqs.Url);
        var bucket = $"docs-{Guid.NewGuid():N}"[..30];
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "uploads/my report.txt", ContentBody = "hello", ContentType = "text/plain" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "uploads/large.bin", InputStream = new MemoryStream(Large) });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "other/skip.txt", ContentBody = "x" });
        var store = new DocumentStores([new S3DocumentStore(s3, [bucket]), new FileDocumentStore([])]);

        await AssertDocumentAsync(store, $"s3://{bucket}/uploads/my%20report.txt", "hello"u8.ToArray(), "text/plain");
        await AssertDocumentAsync(store, $"s3://{bucket}/uploads/large.bin", Large, null);
        Assert.Equal(["large.bin", "my%20report.txt"], await ListAsync(store, $"s3://{bucket}/uploads/", $"s3://{bucket}/uploads/"));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.GetAsync($"s3://{bucket}/uploads/missing.pdf", CancellationToken.None));
    }

    [Fact]
    public async Task BlobStoreGetsListsStreamsAndReportsMissing()
    {
        await using var azurite = await LocalNodeServer.StartAzuriteBlobAsync();
        var service = new BlobServiceClient(azurite.AzuriteConnectionString);
        var container = service.GetBlobContainerClient($"docs{Guid.NewGuid():N}");
        await container.CreateAsync();
        await container.GetBlobClient("in/report.txt").UploadAsync(new BinaryData("hello"), new BlobUploadOptions { HttpHeaders = new() { ContentType = "text/plain" } });
        await container.GetBlobClient("in/large.bin").UploadAsync(new BinaryData(Large));
        var store = new DocumentStores([new BlobDocumentStore(service, [container.Name]), new FileDocumentStore([])]);
        var prefix = $"{container.Uri}/in/";

        await AssertDocumentAsync(store, $"{prefix}report.txt", "hello"u8.ToArray(), "text/plain");
        await AssertDocumentAsync(store, $"{prefix}large.bin", Large, null);
        Assert.Equal(["large.bin", "report.txt"], await ListAsync(store, prefix, prefix));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.GetAsync($"{prefix}missing.txt", CancellationToken.None));
    }

    [Fact]
    public async Task BadAndUnservedUrisGetClearErrors()
    {
        var store = new DocumentStores([new FileDocumentStore([])]);
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync("not a uri", CancellationToken.None));
        Assert.Contains("s3://bucket/key", bad.Message, StringComparison.Ordinal);
        var unserved = await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync("s3://bucket/key.txt", CancellationToken.None));
        Assert.Contains("No document store is configured for s3://bucket", unserved.Message, StringComparison.Ordinal);
    }

    private static async Task AssertDocumentAsync(DocumentStores store, string uri, byte[] expected, string? contentType)
    {
        await using var document = await store.GetAsync(uri, CancellationToken.None);
        Assert.Equal(expected.Length, document.Size);
        if (contentType is not null)
        {
            Assert.StartsWith(contentType, document.ContentType, StringComparison.Ordinal);
        }
        // Read as a stream, the way workflows do with large objects.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await document.Content.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        Assert.Equal(SHA256.HashData(expected), hash.GetHashAndReset());
    }

    private static async Task<List<string>> ListAsync(DocumentStores store, string prefix, string relativeTo)
    {
        var names = new List<string>();
        await foreach (var uri in store.ListAsync(prefix, CancellationToken.None))
        {
            names.Add(uri.AbsoluteUri[relativeTo.Length..]);
        }
        return [.. names.Order(StringComparer.Ordinal)];
    }
}
