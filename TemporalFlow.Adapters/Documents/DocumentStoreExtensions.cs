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
    /// The document stores: <c>file://</c> always; S3 when <c>AWS_ACCESS_KEY_ID</c> or <c>AWS_ENDPOINT_URL_S3</c> /
    /// <c>AWS_ENDPOINT_URL</c> is set (or <c>DocumentStores:S3</c> is true: the SDK's default credentials); Azure Blob when
    /// <c>AZURE_STORAGE_CONNECTION_STRING</c> is set.
    /// </summary>
    public static TBuilder AddDocumentStores<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var configuration = builder.Configuration;
        var aws = AwsSettings.From(configuration, "S3");
        if (aws.Endpoint is not null || aws.Credentials is not null || configuration.GetValue<bool>("DocumentStores:S3"))
        {
            builder.Services.AddSingleton<IAmazonS3>(_ =>
            {
                var config = aws.Apply(new AmazonS3Config { ForcePathStyle = aws.Endpoint is not null });
                return aws.Credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(aws.Credentials, config);
            });
            builder.Services.AddSingleton<IDocumentStore, S3DocumentStore>();
        }
        if (configuration["AZURE_STORAGE_CONNECTION_STRING"] is { Length: > 0 } blobConnection)
        {
            builder.Services.AddSingleton(new BlobServiceClient(blobConnection));
            builder.Services.AddSingleton<IDocumentStore, BlobDocumentStore>();
        }
        builder.Services.AddSingleton<IDocumentStore, FileDocumentStore>();
        builder.Services.AddSingleton<DocumentStores>();
        return builder;
    }
}
