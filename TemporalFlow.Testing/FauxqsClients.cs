using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace TemporalFlow.Testing;

/// <summary>AWS SDK clients for fauxqs at <c>url</c> (S3 and SQS on one port; it accepts any credentials).</summary>
public static class FauxqsClients
{
    private static readonly BasicAWSCredentials Credentials = new("test", "test");

    public static AmazonS3Client S3(string url) =>
        new(Credentials, new AmazonS3Config { ServiceURL = url, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    public static AmazonSQSClient Sqs(string url) =>
        new(Credentials, new AmazonSQSConfig { ServiceURL = url, AuthenticationRegion = "us-east-1" });
}
