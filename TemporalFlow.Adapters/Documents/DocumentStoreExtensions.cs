using Amazon.S3;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Documents;

public static class DocumentStoreExtensions
{
    /// <summary>
    /// The document stores, each limited to its allow-list (<see cref="DocumentStoreOptions"/>): <c>file://</c> always (under
    /// <c>DocumentStores:File:Roots</c>); S3 when buckets are configured or <c>AWS_ACCESS_KEY_ID</c> or
    /// <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c> is set (else the SDK's default credentials); Azure Blob when
    /// <c>AZURE_STORAGE_CONNECTION_STRING</c> is set.
    /// </summary>
    public static TBuilder AddDocumentStores<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var configuration = builder.Configuration;
        var allowed = DocumentStoreOptions.From(configuration);
        var aws = AwsSettings.From(configuration, "S3");
        if (aws.Endpoint is not null || aws.Credentials is not null || allowed.S3Buckets.Count > 0)
        {
            builder.Services.AddSingleton<IAmazonS3>(_ =>
            {
                var config = aws.Apply(new AmazonS3Config { ForcePathStyle = aws.Endpoint is not null });
                return aws.Credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(aws.Credentials, config);
            });
            builder.Services.AddSingleton<IDocumentStore>(services => new S3DocumentStore(services.GetRequiredService<IAmazonS3>(), allowed.S3Buckets));
        }
        if (configuration["AZURE_STORAGE_CONNECTION_STRING"] is { Length: > 0 } blobConnection)
        {
            var blobs = new BlobServiceClient(blobConnection);
            builder.Services.AddSingleton(blobs);
            builder.Services.AddSingleton<IDocumentStore>(new BlobDocumentStore(blobs, allowed.BlobContainers));
        }
        builder.Services.AddSingleton<IDocumentStore>(new FileDocumentStore(allowed.FileRoots));
        builder.Services.AddSingleton<IDocumentReader, DocumentStores>();
        return builder;
    }
}
