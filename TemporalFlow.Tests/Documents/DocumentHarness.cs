using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Documents;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Emulator.Testing;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Documents.Activities;
using TemporalFlow.Workflows.Documents.Processing;
using TemporalFlow.Workflows.Documents.Workflows;
using Temporalio.Client;

namespace TemporalFlow.Tests.Documents;

/// <summary>
/// The document worker for real: both workflows and their activities, the file and S3 stores (fauxqs), the PostgreSQL
/// records, on a time-skipping emulator (retry backoff passes at once). One per test class.
/// </summary>
public sealed class DocumentHarness : IAsyncLifetime
{
    private readonly PostgresServer postgres = new();
    private LocalNodeServer? fauxqs;
    private EmulatorWorkflowEnvironment? environment;
    private AmazonS3Client? s3;

    public PostgresServer Postgres => postgres;

    public IAmazonS3 S3 => s3 ?? throw new InvalidOperationException("Not started.");

    public ITemporalClient Client => environment?.Client ?? throw new InvalidOperationException("Not started.");

    public PostgresDocumentRecords Records => new(postgres.DataSource);

    public PostgresDatasetResults Datasets => new(postgres.DataSource);

    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("temporalflow-documents-");

    public async Task InitializeAsync()
    {
        var starting = LocalNodeServer.StartFauxqsAsync();
        await postgres.InitializeAsync();
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        environment = await TemporalTestServer.StartAsync(timeSkipping: true);
        fauxqs = await starting;
        s3 = FauxqsClients.S3(fauxqs.Url);
    }

    /// <summary>The bucket <see cref="PutAsync"/> writes to, the one S3 bucket the harness's stores allow.</summary>
    public const string Bucket = "documents";

    /// <summary>
    /// Runs a scenario with both workers on their real task queues (documents limited to <paramref name="maxSizeBytes"/>, datasets
    /// to <paramref name="maxDatasetBytes"/>); the stores allow <see cref="Folder"/> and <see cref="Bucket"/> only.
    /// </summary>
    internal Task RunAsync(bool cacheOff, Func<WorkerScenario, Task> body, long maxSizeBytes = 1024 * 1024, long maxDatasetBytes = 1024 * 1024 * 1024)
    {
        var stores = new DocumentStores([new S3DocumentStore(S3, [Bucket]), new FileDocumentStore([Folder.FullName])]);
        var settings = Options.Create(new DocumentSettings { MaxSizeBytes = maxSizeBytes, MaxTextCharacters = 10_000 });
        var documents = new DocumentActivities(new DocumentProcessor(stores, settings), Records, TimeProvider.System);
        var datasets = new DatasetActivities(new DatasetProcessor(stores, Options.Create(new DatasetSettings { MaxSizeBytes = maxDatasetBytes })), Datasets,
            TimeProvider.System);
        // One worker for both workflows (the worker process runs one per queue; the workflows do not name queues).
        return WorkerScenario.RunAsync(Client, cacheOff,
            o => o.AddWorkflow<DocumentProcessingWorkflow>().AddWorkflow<DataProcessingWorkflow>().AddAllActivities(documents).AddAllActivities(datasets),
            body);
    }

    public async Task<string> PutAsync(string key, byte[] content, string? contentType = null)
    {
        await S3.PutBucketAsync(Bucket);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(content), ContentType = contentType });
        return $"s3://{Bucket}/{key}";
    }

    public async Task<string> WriteFileAsync(string name, byte[] content)
    {
        var path = Path.Combine(Folder.FullName, name);
        await File.WriteAllBytesAsync(path, content);
        return new Uri(path).AbsoluteUri;
    }

    public async Task DisposeAsync()
    {
        s3?.Dispose();
        if (environment is not null)
        {
            await environment.ShutdownAsync();
        }
        if (fauxqs is not null)
        {
            await fauxqs.DisposeAsync();
        }
        await postgres.DisposeAsync();
        Folder.Delete(recursive: true);
    }
}
