using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace TemporalFlow.Emulator.Rpc;

/// <summary>Dispatches each WorkflowService RPC to its handler; anything not handled answers Unimplemented, naming the RPC.</summary>
internal sealed partial class WorkflowServiceEndpoint(RpcHandlerTable handlers, EmulatorOptions options, ILogger<WorkflowServiceEndpoint> logger)
{
    private readonly byte[]? expectedAuthorization = options.ApiKey is null ? null : Encoding.UTF8.GetBytes($"Bearer {options.ApiKey}");

    /// <summary>While true every call fails with Unavailable, as a real frontend does when it is down (fault-injection tests).</summary>
    public bool Unavailable { get; set; }

    public async Task<IMessage> HandleAsync(string rpc, IMessage request, ServerCallContext call)
    {
        if (Unavailable)
        {
            throw RpcErrors.Create(StatusCode.Unavailable, "The emulator is simulating an outage: retry later.");
        }
        if (expectedAuthorization is not null && !IsAuthorized(call.RequestHeaders.GetValue("authorization")))
        {
            // As a server with an API key requirement: no call is served, and the answer never echoes what was sent.
            throw RpcErrors.Create(StatusCode.Unauthenticated, "Request unauthenticated: send the namespace's API key as 'authorization: Bearer <key>'.");
        }
        if (!handlers.TryGet(rpc, out var handler))
        {
            throw RpcErrors.Unimplemented(rpc);
        }
        try
        {
            return await handler(request, call);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (call.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, $"{rpc} was cancelled by the caller."));
        }
        catch (Exception ex)
        {
            // Nothing a client sends may take the server down: report it and keep serving.
            LogHandlerFailed(logger, ex, rpc);
            throw RpcErrors.Create(StatusCode.Internal, $"{rpc} failed in the emulator: {ex.Message}");
        }
    }

    private bool IsAuthorized(string? authorization) =>
        authorization is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization), expectedAuthorization);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Rpc} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string rpc);
}
