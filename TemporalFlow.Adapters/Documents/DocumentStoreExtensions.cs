using Amazon.Runtime;
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
        var s3Endpoint = configuration["AWS_ENDPOINT_URL_S3"] ?? configuration["AWS_ENDPOINT_URL"];
        if (s3Endpoint is { Length: > 0 } || configuration["AWS_ACCESS_KEY_ID"] is { Length: > 0 } || configuration.GetValue<bool>("DocumentStores:S3"))
        {
            builder.Services.AddSingleton<IAmazonS3>(_ => CreateS3(configuration, s3Endpoint));
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

    private static AmazonS3Client CreateS3(IConfiguration configuration, string? endpoint)
    {
        var region = configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"] ?? "us-east-1";
        var config = endpoint is { Length: > 0 }
            ? new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = region }
            : new AmazonS3Config { RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region) };
        return configuration["AWS_ACCESS_KEY_ID"] is { Length: > 0 } key && configuration["AWS_SECRET_ACCESS_KEY"] is { Length: > 0 } secret
            ? new AmazonS3Client(new BasicAWSCredentials(key, secret), config)
            : new AmazonS3Client(config);
    }
}
