using TemporalFlow.Core.Ports;

namespace TemporalFlow.Tests.Support;

/// <summary>
/// A real document store seen from outside: how often it was asked to open something, and how many bytes were read from
/// what it opened. Refusals are the wrapped store's own.
/// </summary>
internal sealed class CountingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    private long opened;
    private long bytesRead;

    public long Opened => Interlocked.Read(ref opened);

    public long BytesRead => Interlocked.Read(ref bytesRead);

    public bool CanHandle(Uri uri) => inner.CanHandle(uri);

    public string? Refusal(Uri uri) => inner.Refusal(uri);

    public async Task<StoredDocument> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref opened);
        var document = await inner.GetAsync(uri, cancellationToken);
        return new StoredDocument(document.Uri, new CountingStream(document.Content, this), document.Size, document.ContentType, document.Metadata);
    }

    public IAsyncEnumerable<Uri> ListAsync(Uri prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    private sealed class CountingStream(Stream inner, CountingDocumentStore owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            Interlocked.Add(ref owner.bytesRead, read);
            return read;
        }
    }
}
