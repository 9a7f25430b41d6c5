using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace TemporalFlow.Emulator.WebUi;

/// <summary>What an RPC handler sees of a call that came over HTTP: the request's headers, its cancellation, no deadline.</summary>
internal sealed class HttpCallContext(HttpContext http, string method) : ServerCallContext
{
    private readonly Metadata headers = ToMetadata(http.Request.Headers);

    protected override string MethodCore => method;

    protected override string HostCore => http.Request.Host.Value ?? "";

    protected override string PeerCore => $"ipv4:{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => headers;

    protected override CancellationToken CancellationTokenCore => http.RequestAborted;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("Calls over HTTP do not propagate.");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;

    private static Metadata ToMetadata(IHeaderDictionary source)
    {
        var metadata = new Metadata();
        // Binary (-bin) headers carry bytes in gRPC; none of the UI's calls sends one.
        foreach (var (name, values) in source.Where(h => !h.Key.StartsWith(':') && !h.Key.EndsWith("-bin", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var value in values)
            {
                metadata.Add(name.ToLowerInvariant(), value ?? "");
            }
        }
        return metadata;
    }
}
