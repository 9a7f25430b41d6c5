using System.Security.Cryptography;

namespace TemporalFlow.Workflows.Documents.Processing;

/// <summary>
/// A read-only pass-through that hashes (SHA-256) and counts what is read, so a streamed file is hashed in the same pass.
/// Reading more than <paramref name="limit"/> bytes throws <see cref="ReadLimitExceededException"/>: it never reads past limit + 1.
/// </summary>
internal sealed class HashingStream(Stream inner, long limit = long.MaxValue) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    /// <summary>Reads what is left without keeping it, so the hash covers the whole content.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        while (await ReadAsync(chunk, cancellationToken) > 0)
        {
        }
    }

    /// <summary>The lowercase hex SHA-256 of everything read; read to the end first.</summary>
    public string Sha256() => Convert.ToHexStringLower(hash.GetCurrentHash());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..Allowed(buffer.Length)]);
        Hash(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);
        Hash(buffer.Span[..read]);
        return read;
    }

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
            hash.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Allowed(int wanted) => limit - BytesRead >= wanted ? wanted : (int)(limit - BytesRead) + 1;

    private void Hash(ReadOnlySpan<byte> read)
    {
        BytesRead += read.Length;
        if (BytesRead > limit)
        {
            throw new ReadLimitExceededException(limit);
        }
        hash.AppendData(read);
    }
}

/// <summary>The content is longer than the limit; reading stopped there.</summary>
internal sealed class ReadLimitExceededException(long limit) : IOException($"more than the limit of {limit} bytes")
{
    /// <summary>The rejection's reason, naming the setting that holds the limit.</summary>
    public string Reason(string setting) => $"too large: {Message} ({setting}); reading stopped there, so the version's hash was not computed";
}
