using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TemporalFlow.AppHost.LocalCloud;

/// <summary>Local stand-ins for the cloud: fauxqs (S3 + SQS) and Azurite (Blob), Node programs from <c>eng/local-servers</c>.</summary>
public sealed record LocalCloudServices(IResourceBuilder<ExecutableResource> Fauxqs, IResourceBuilder<ExecutableResource> Azurite)
{
    public const string Bucket = "temporalflow-documents";
    public const string Queue = "temporalflow-events";

    /// <summary>The Azurite container the document worker may read (the walkthrough creates it).</summary>
    public const string Container = "documents";

    /// <summary>Azurite's published development account and key (documented by Microsoft; not a secret).</summary>
    public const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public EndpointReference S3 => Fauxqs.GetEndpoint("http");

    public EndpointReference Blob => Azurite.GetEndpoint("http");

    /// <summary>The queue's URL as fauxqs names it (it matches URLs exactly; the port is the one it was created through).</summary>
    public ReferenceExpression QueueUrl => ReferenceExpression.Create(
        $"http://sqs.us-east-1.localhost:{S3.Property(EndpointProperty.Port)}/000000000000/{Queue}");

    /// <summary>Of the settings a service asks for, those the local cloud supplies: the queue URL and the AWS endpoint, region and credentials.</summary>
    public static IReadOnlySet<string> Supplies(IEnumerable<string> variables) =>
        variables.Where(v => v is "SQS_QUEUE_URL" || v.StartsWith("AWS_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Azurite's account; with an IP address, as the Blob SDK reads the account from the path only for those (not for 'localhost').</summary>
    public ReferenceExpression BlobConnectionString => ReferenceExpression.Create(
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteAccountKey};BlobEndpoint=http://127.0.0.1:{Blob.Property(EndpointProperty.Port)}/devstoreaccount1;");
}

public static class LocalCloudExtensions
{
    private static readonly string[] AzuriteFlags = ["--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent"];

    /// <summary>
    /// With <c>LocalCloud:Enabled=true</c> (run mode only): fauxqs with the bucket <c>temporalflow-documents</c> and the queue
    /// <c>temporalflow-events</c> on port 4566, and Azurite's Blob service in memory on port 10000 (<c>LocalCloud:S3Port</c>,
    /// <c>LocalCloud:BlobPort</c>). Needs Node.js and <c>npm ci</c> in <c>eng/local-servers</c>
    /// (<c>eng/run.sh</c> and the test command do both).
    /// </summary>
    public static LocalCloudServices? AddLocalCloud(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode || !builder.Configuration.GetValue<bool>("LocalCloud:Enabled"))
        {
            return null;
        }
        var folder = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "eng", "local-servers"));
        if (!Directory.Exists(Path.Combine(folder, "node_modules")) || HostProbe.FindOnPath("node") is null)
        {
            throw new DistributedApplicationException(
                $"LocalCloud:Enabled needs Node.js and the local servers: install Node.js, then run 'npm ci' in {folder} (eng/run.sh does both), or set LocalCloud:Enabled=false.");
        }

        var fauxqs = builder.AddExecutable("fauxqs", "node", folder, "fauxqs-server.mjs")
            .WithHttpEndpoint(port: builder.ConfiguredPort("LocalCloud:S3Port", 4566), env: "PORT")
            .WithEnvironment("FAUXQS_BUCKETS", LocalCloudServices.Bucket)
            .WithEnvironment("FAUXQS_QUEUES", LocalCloudServices.Queue)
            .WithHttpHealthCheck("/"); // S3 ListBuckets: 200 once it serves
        fauxqs.WithEnvironment("FAUXQS_PUBLIC_PORT", fauxqs.GetEndpoint("http").Property(EndpointProperty.Port));
        var azurite = builder.AddExecutable("azurite", "node", folder, "node_modules/azurite/dist/src/blob/main.js")
            .WithHttpEndpoint(port: builder.ConfiguredPort("LocalCloud:BlobPort", 10000), name: "http");
        var blob = azurite.GetEndpoint("http");
        azurite.WithArgs(context =>
        {
            context.Args.Add("--blobHost");
            context.Args.Add("127.0.0.1");
            context.Args.Add("--blobPort");
            context.Args.Add(blob.Property(EndpointProperty.TargetPort));
            foreach (var flag in AzuriteFlags)
            {
                context.Args.Add(flag);
            }
        });
        var healthKey = "azurite-blob-accepting";
        builder.Services.AddHealthChecks().Add(new(healthKey, _ => new TcpAcceptingHealthCheck(blob), null, null));
        azurite.WithHealthCheck(healthKey);
        return new LocalCloudServices(fauxqs, azurite);
    }

    /// <summary>Gives a project the settings the local cloud supplies, of those named (see <see cref="LocalCloudServices.Supplies"/>).</summary>
    public static IResourceBuilder<ProjectResource> WithLocalCloudSettings(this IResourceBuilder<ProjectResource> project, LocalCloudServices cloud,
        IReadOnlySet<string> variables)
    {
        if (variables.Contains("SQS_QUEUE_URL"))
        {
            project.WithEnvironment("SQS_QUEUE_URL", cloud.QueueUrl);
        }
        return variables.Any(v => v.StartsWith("AWS_", StringComparison.Ordinal)) ? project.WithLocalAws(cloud) : project;
    }

    /// <summary>Points a project at the local S3 and SQS (fauxqs accepts any credentials).</summary>
    public static IResourceBuilder<ProjectResource> WithLocalAws(this IResourceBuilder<ProjectResource> project, LocalCloudServices cloud) =>
        project.WithEnvironment("AWS_ENDPOINT_URL", cloud.S3)
            .WithEnvironment("AWS_ACCESS_KEY_ID", "test")
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", "test")
            .WithEnvironment("AWS_REGION", "us-east-1")
            .WaitFor(cloud.Fauxqs);
}
