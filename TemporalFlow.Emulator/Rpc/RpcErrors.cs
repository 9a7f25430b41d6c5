using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.Common.V1;

namespace TemporalFlow.Emulator.Rpc;

/// <summary>Errors as the real frontend reports them: a status code, a message, and typed details the SDK maps to exceptions.</summary>
internal static class RpcErrors
{
    private const string DetailsTrailer = "grpc-status-details-bin";

    public static RpcException InvalidArgument(string message) => Create(StatusCode.InvalidArgument, message);

    public static RpcException NotFound(string message, IMessage? details = null) => Create(StatusCode.NotFound, message, details);

    public static RpcException AlreadyExists(string message, IMessage? details = null) => Create(StatusCode.AlreadyExists, message, details);

    public static RpcException FailedPrecondition(string message, IMessage? details = null) => Create(StatusCode.FailedPrecondition, message, details);

    public static RpcException Unimplemented(string rpc) => Create(StatusCode.Unimplemented,
        $"{rpc} is not supported by the TemporalFlow emulator (an in-memory development server); run a real Temporal server for it.");

    public static RpcException Create(StatusCode code, string message, IMessage? details = null)
    {
        var trailers = new Metadata();
        if (details is not null)
        {
            // The SDK reads a google.rpc.Status from this trailer; GrpcStatus has the same wire shape.
            var status = new GrpcStatus { Code = (int)code, Message = message, Details = { Any.Pack(details) } };
            trailers.Add(DetailsTrailer, status.ToByteArray());
        }
        return new RpcException(new Status(code, message), trailers, message);
    }

    /// <summary>Requires a non-empty string field, naming it in the error the way the real server does.</summary>
    public static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw InvalidArgument($"{field} is not set on request.") : value;
}
