using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Grpc.Core;

namespace TemporalFlow.Emulator.Rpc;

internal delegate Task<IMessage> RpcHandler(IMessage request, ServerCallContext call);

/// <summary>RPC name → handler. The name is the request type's name without "Request", as in the service definition.</summary>
internal sealed class RpcHandlerTable
{
    private readonly Dictionary<string, RpcHandler> handlers = new(StringComparer.Ordinal);

    public RpcHandlerTable Add<TRequest, TResponse>(Func<TRequest, ServerCallContext, Task<TResponse>> handler, string? rpc = null)
        where TRequest : IMessage
        where TResponse : IMessage
    {
        var name = rpc ?? typeof(TRequest).Name;
        name = name.EndsWith("Request", StringComparison.Ordinal) ? name[..^"Request".Length] : name;
        handlers.Add(name, async (request, call) => await handler((TRequest)request, call));
        return this;
    }

    public RpcHandlerTable Add<TRequest, TResponse>(Func<TRequest, TResponse> handler, string? rpc = null)
        where TRequest : IMessage
        where TResponse : IMessage =>
        Add<TRequest, TResponse>((request, _) => Task.FromResult(handler(request)), rpc);

    public bool TryGet(string rpc, [NotNullWhen(true)] out RpcHandler? handler) => handlers.TryGetValue(rpc, out handler);
}
