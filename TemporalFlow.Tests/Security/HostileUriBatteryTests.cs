using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Documents;
using TemporalFlow.Core.Datasets;
using TemporalFlow.Core.Documents;
using TemporalFlow.Core.Events;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Documents.Processing;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Security;

/// <summary>
/// The security battery for resource URIs: hostile document and dataset URIs (traversal plain and encoded, symbolic links out
/// of the root, devices, /proc and /sys, FIFOs, sockets, other buckets, accounts and containers, link-local and metadata
/// addresses) against the real stores, each allowing one file root, one bucket and one container. Every one is refused, at
/// the listener's door where the text alone decides, and always by the stores, which open none of them and read 0 bytes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileUriBatteryTests(ITestOutputHelper output) : IDisposable
{
    private const string Bucket = "documents";
    private const string Container = "documents";
    private const string BlobHost = "http://127.0.0.1:9"; // never contacted: every URI of it here is refused
    private readonly DirectoryInfo sandbox = Directory.CreateTempSubdirectory("temporalflow-battery-");
    private readonly Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified); // its file goes when it closes

    private string Root => Path.Combine(sandbox.FullName, "allowed");

    private string Outside => Path.Combine(sandbox.FullName, "outside");

    [Fact]
    public async Task EveryHostileUriIsRefusedWithoutOpeningOrReadingAnything()
    {
        Prepare();
        using var s3 = FauxqsClients.S3(BlobHost);
        var files = new CountingDocumentStore(new FileDocumentStore([Root]));
        var buckets = new CountingDocumentStore(new S3DocumentStore(s3, [Bucket]));
        var blobs = new CountingDocumentStore(new BlobDocumentStore(new BlobServiceClient(LocalNodeServer.AzuriteConnectionStringFor(BlobHost)), [Container]));
        var stores = new DocumentStores([buckets, blobs, files]);
        var documents = new DocumentProcessor(stores, Options.Create(new DocumentSettings()));
        var datasets = new DatasetProcessor(stores, Options.Create(new DatasetSettings()));

        var refusedAtTheDoor = 0;
        var uris = HostileUris();
        foreach (var uri in uris)
        {
            var door = EventParser.Parse(JsonSerializer.SerializeToElement(new { eventType = "document-added", documentUri = uri, datasetUri = uri }),
                DateTimeOffset.UnixEpoch);
            refusedAtTheDoor += door.IsValid ? 0 : 1;
            Assert.True(door.IsValid || door.Errors.Select(e => e.Field).Order().SequenceEqual(["datasetUri", "documentUri"]), $"{uri}: {door.Reason}");

            var (record, text) = await documents.ProcessAsync(new DocumentRequest(uri, null, "evt-hostile", "wf"), DateTimeOffset.UnixEpoch, () => { },
                CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            var profile = await datasets.ProfileAsync(new DatasetRequest(uri, null, null, null, "evt-hostile", "wf"), DateTimeOffset.UnixEpoch, _ => { },
                CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.True(record.Status == DocumentStatuses.Rejected && record.Reason!.StartsWith("refused: ", StringComparison.Ordinal), $"{uri}: {record.Reason}");
            Assert.True(profile.Status == DocumentStatuses.Rejected && profile.Reason!.StartsWith("refused: ", StringComparison.Ordinal), $"{uri}: {profile.Reason}");
            Assert.Null(text);
            output.WriteLine($"{uri}\n  door: {(door.IsValid ? "passes (text alone cannot decide)" : door.Errors[0].Message)}\n  store: {record.Reason}");
        }
        var opened = files.Opened + buckets.Opened + blobs.Opened;
        var bytes = files.BytesRead + buckets.BytesRead + blobs.BytesRead;
        output.WriteLine($"Hostile resource URIs tried: {uris.Count} (refused at the door: {refusedAtTheDoor}, by the stores: {uris.Count}); " +
            $"objects opened: {opened}; bytes read: {bytes}");
        Assert.Equal((0L, 0L), (opened, bytes));
        Assert.True(uris.Count >= 30);

        // The control: an allowed file is opened and read, so the zeros above are the rules' doing, not a broken setup.
        var allowed = (await documents.ProcessAsync(new DocumentRequest(new Uri(Path.Combine(Root, "ok.txt")).AbsoluteUri, null, "evt-ok", "wf"),
            DateTimeOffset.UnixEpoch, () => { }, CancellationToken.None)).Record;
        Assert.Equal((DocumentStatuses.Processed, 1L, 5L), (allowed.Status, files.Opened, files.BytesRead));
    }

    [Fact]
    public async Task ASymbolicLinkInsideTheRootToAnotherFileInsideItIsServed()
    {
        Prepare();
        File.CreateSymbolicLink(Path.Combine(Root, "alias.txt"), Path.Combine(Root, "ok.txt"));
        var stores = new DocumentStores([new FileDocumentStore([Root])]);
        await using var document = await stores.GetAsync(new Uri(Path.Combine(Root, "alias.txt")).AbsoluteUri, CancellationToken.None);
        Assert.Equal(5, document.Size);
    }

    private List<string> HostileUris()
    {
        var root = new Uri(Root + "/").AbsoluteUri;
        return
        [
            // The file system: outside the root, traversal, links out of it, devices, pseudo-files, FIFOs, sockets, folders.
            "file:///etc/passwd",
            "file:///etc/shadow",
            new Uri(Path.Combine(Outside, "secret.txt")).AbsoluteUri,
            $"{root}../outside/secret.txt",
            $"{root}%2e%2e/outside/secret.txt",
            $"{root}%252e%252e/outside/secret.txt",
            $"{root}..%2foutside/secret.txt",
            $"{root}sub/%2e%2e/%2e%2e/outside/secret.txt",
            $"{root}..%5c..%5coutside%5csecret.txt",
            $"{root}ok.txt%00.pdf",
            $"{root}./ok.txt",
            $"{root}escape",
            $"{root}dir-escape/passwd",
            $"{root}zero",
            $"{root}environ",
            "file:///dev/zero",
            "file:///dev/urandom",
            "file:///proc/self/environ",
            "file:///proc/self/mem",
            "file:///sys/kernel/mm/transparent_hugepage/enabled",
            $"{root}pipe",
            $"{root}socket",
            $"{root}sub",
            "file://fileserver/share/report.txt",
            // S3: other buckets, look-alikes, traversal, credentials, IP-formatted names.
            "s3://other-bucket/report.txt",
            "s3://documents-archive/report.txt",
            "s3://Documents/report.txt",
            "s3://documents/../other-bucket/report.txt",
            "s3://user:secret@documents/report.txt",
            "s3://169.254.169.254/latest/meta-data",
            // Blob: other accounts, other containers, traversal out of the container.
            "https://attacker.blob.core.windows.net/documents/report.txt",
            $"{BlobHost}/otheraccount/documents/report.txt",
            $"{BlobHost}/devstoreaccount1/private/report.txt",
            $"{BlobHost}/devstoreaccount1/documents/../private/report.txt",
            $"{BlobHost}/devstoreaccount1/documents/report.txt?comp=list&restype=container",
            // Link-local and cloud metadata addresses, in every spelling.
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "http://2852039166/latest/meta-data/",
            "http://[::ffff:169.254.169.254]/latest/meta-data/",
            "http://[fd00:ec2::254]/latest/meta-data/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://169.254.170.2/v2/credentials",
            "http://[fe80::1]/report.txt",
            "http://0.0.0.0:10000/devstoreaccount1/documents/report.txt",
            // Schemes no store serves.
            "ftp://files.example/report.txt",
            "gopher://files.example/report.txt",
        ];
    }

    private void Prepare()
    {
        Directory.CreateDirectory(Path.Combine(Root, "sub"));
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Root, "ok.txt"), "hello");
        var secret = Path.Combine(Outside, "secret.txt");
        File.WriteAllText(secret, "token=never-read");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(Path.Combine(Root, "escape"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(Root, "dir-escape"), "/etc");
        File.CreateSymbolicLink(Path.Combine(Root, "zero"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(Root, "environ"), "/proc/self/environ");
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(Root, "pipe")]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(Root, "socket")));
    }

    public void Dispose()
    {
        socket.Dispose();
        sandbox.Delete(recursive: true);
    }
}
