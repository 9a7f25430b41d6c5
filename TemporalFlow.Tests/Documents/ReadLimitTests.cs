using System.Text;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Documents;
using TemporalFlow.Core.Datasets;
using TemporalFlow.Core.Documents;
using TemporalFlow.Core.Ports;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Documents.Processing;

namespace TemporalFlow.Tests.Documents;

/// <summary>
/// Reading stops at the limit (<c>Documents:MaxSizeBytes</c>, <c>Datasets:MaxSizeBytes</c>): a source that never ends holds a worker
/// no longer than reading the limit takes, and an object whose store reports it too large is not read at all.
/// </summary>
public sealed class ReadLimitTests
{
    private const long Limit = 64 * 1024;
    private static readonly TimeSpan HardTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ADocumentFromASourceThatNeverEndsIsRejectedAtTheLimitWithoutAHash()
    {
        var source = new CountingDocumentStore(new EndlessSource("abc\n"));
        var processor = new DocumentProcessor(new DocumentStores([source]), Options.Create(new DocumentSettings { MaxSizeBytes = Limit }));

        var (record, text) = await processor.ProcessAsync(new DocumentRequest("s3://endless-source/notes.txt", null, "evt-endless", "wf"), DateTimeOffset.UnixEpoch,
            () => { }, CancellationToken.None).WaitAsync(HardTimeout);

        Assert.Equal((DocumentStatuses.Rejected, "event:evt-endless", null), (record.Status, record.Version, record.Sha256));
        Assert.Null(text);
        Assert.Contains("more than the limit of 65536 bytes (Documents:MaxSizeBytes); reading stopped there, so the version's hash was not computed",
            record.Reason, StringComparison.Ordinal);
        Assert.InRange(source.BytesRead, Limit, Limit + 1);
    }

    [Fact]
    public async Task ADatasetFromASourceThatNeverEndsIsRejectedAtItsLimit()
    {
        var source = new CountingDocumentStore(new EndlessSource("1,2\n", header: "a,b\n"));
        var processor = new DatasetProcessor(new DocumentStores([source]), Options.Create(new DatasetSettings { MaxSizeBytes = Limit }));

        var profile = await processor.ProfileAsync(new DatasetRequest("s3://endless-source/rows.csv", null, DatasetRequest.Csv, null, "evt-rows", "wf"),
            DateTimeOffset.UnixEpoch, _ => { }, CancellationToken.None).WaitAsync(HardTimeout);

        Assert.Equal((DocumentStatuses.Rejected, "event:evt-rows", null, 0L), (profile.Status, profile.Version, profile.Sha256, profile.Rows));
        Assert.Contains("more than the limit of 65536 bytes (Datasets:MaxSizeBytes)", profile.Reason, StringComparison.Ordinal);
        Assert.InRange(source.BytesRead, Limit, Limit + 1);
    }

    [Fact]
    public async Task ObjectsTheirStoreReportsOverTheLimitAreNotRead()
    {
        var folder = Directory.CreateTempSubdirectory("temporalflow-limits-");
        try
        {
            var path = Path.Combine(folder.FullName, "big.csv");
            await File.WriteAllTextAsync(path, "n\n" + string.Concat(Enumerable.Repeat("1\n", 40_000)));
            var uri = new Uri(path).AbsoluteUri;
            var files = new CountingDocumentStore(new FileDocumentStore([folder.FullName]));
            var stores = new DocumentStores([files]);

            var (record, _) = await new DocumentProcessor(stores, Options.Create(new DocumentSettings { MaxSizeBytes = Limit }))
                .ProcessAsync(new DocumentRequest(uri, null, "evt-big", "wf"), DateTimeOffset.UnixEpoch, () => { }, CancellationToken.None);
            var profile = await new DatasetProcessor(stores, Options.Create(new DatasetSettings { MaxSizeBytes = Limit }))
                .ProfileAsync(new DatasetRequest(uri, null, null, null, "evt-big", "wf"), DateTimeOffset.UnixEpoch, _ => { }, CancellationToken.None);

            Assert.Equal((DocumentStatuses.Rejected, 80_002L, null), (record.Status, record.SizeBytes, record.Sha256));
            Assert.Equal("too large: 80002 bytes, over the limit of 65536 bytes (Documents:MaxSizeBytes); not read, so the version's hash was not computed", record.Reason);
            Assert.Equal((DocumentStatuses.Rejected, 80_002L, null), (profile.Status, profile.SizeBytes, profile.Sha256));
            Assert.Equal("too large: 80002 bytes, over the limit of 65536 bytes (Datasets:MaxSizeBytes); not read", profile.Reason);
            Assert.Equal(0, files.BytesRead);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A remote object whose body never ends (and whose size is not announced): the header once, then the line forever.</summary>
    private sealed class EndlessSource(string line, string header = "") : IDocumentStore
    {
        public bool CanHandle(Uri uri) => uri.Host == "endless-source";

        public string? Refusal(Uri uri) => null;

        public Task<StoredDocument> GetAsync(Uri uri, CancellationToken cancellationToken) =>
            Task.FromResult(new StoredDocument(uri, new EndlessStream(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(line)), 0, "text/plain",
                new Dictionary<string, string>()));

        public IAsyncEnumerable<Uri> ListAsync(Uri prefix, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class EndlessStream(byte[] header, byte[] line) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++, position++)
            {
                buffer[offset + i] = position < header.Length ? header[position] : line[(position - header.Length) % line.Length];
            }
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
