using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TemporalFlow.AppHost.Temporal;

/// <summary>Healthy when the frontend answers <c>WorkflowService/GetSystemInfo</c>, the same call an SDK makes to connect.</summary>
internal sealed class TemporalFrontendHealthCheck(TemporalServer server) : IHealthCheck
{
    // GetSystemInfoRequest has no fields, so raw bytes suffice: the AppHost needs no Temporal SDK.
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);
    private static readonly Method<byte[], byte[]> GetSystemInfo =
        new(MethodType.Unary, "temporal.api.workflowservice.v1.WorkflowService", "GetSystemInfo", Raw, Raw);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var address = await server.Address.GetValueAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(address))
        {
            return HealthCheckResult.Unhealthy("The Temporal address is not known yet.");
        }
        var tls = server.Tls is not null && bool.TryParse(await server.Tls.GetValueAsync(cancellationToken), out var useTls) && useTls;
        var apiKey = server.ApiKey is null ? null : await server.ApiKey.Resource.GetValueAsync(cancellationToken);
        var headers = new Metadata();
        if (!string.IsNullOrEmpty(apiKey))
        {
            headers.Add("authorization", $"Bearer {apiKey}");
            tls = true;
        }
        headers.Add("temporal-namespace", await server.Namespace.GetValueAsync(cancellationToken) ?? "default");

        try
        {
            using var channel = GrpcChannel.ForAddress($"{(tls ? "https" : "http")}://{address}");
            await channel.CreateCallInvoker().AsyncUnaryCall(GetSystemInfo, null,
                new CallOptions(headers, DateTime.UtcNow.AddSeconds(5), cancellationToken), []);
            return HealthCheckResult.Healthy($"Temporal ({server.Mode}) answers at {address}");
        }
        catch (RpcException ex)
        {
            return HealthCheckResult.Unhealthy($"Temporal at {address} does not answer GetSystemInfo yet: {ex.StatusCode}");
        }
    }
}
