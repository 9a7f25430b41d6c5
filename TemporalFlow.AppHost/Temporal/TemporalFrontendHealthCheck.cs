using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
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

        var serverCa = server.ServerCaCert is null ? null : await server.ServerCaCert.Resource.GetValueAsync(cancellationToken);
        try
        {
            using var handler = new SocketsHttpHandler();
            if (!string.IsNullOrEmpty(serverCa))
            {
                // The name must match as usual; only the authority is this one instead of a public one.
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && IsSignedBy(certificate, serverCa);
            }
            using var channel = GrpcChannel.ForAddress($"{(tls ? "https" : "http")}://{address}", new GrpcChannelOptions { HttpHandler = handler });
            await channel.CreateCallInvoker().AsyncUnaryCall(GetSystemInfo, null,
                new CallOptions(headers, DateTime.UtcNow.AddSeconds(5), cancellationToken), []);
            return HealthCheckResult.Healthy($"Temporal ({server.Mode}) answers at {address}");
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            return HealthCheckResult.Unhealthy($"Temporal at {address} refuses the credentials ({ex.StatusCode}): check the parameters temporal-api-key and temporal-namespace.");
        }
        catch (RpcException ex)
        {
            return HealthCheckResult.Unhealthy($"Temporal at {address} does not answer GetSystemInfo yet: {ex.StatusCode}");
        }
    }

    /// <summary>Whether the server's certificate chains to the given authority (PEM), and to it alone.</summary>
    private static bool IsSignedBy(X509Certificate? certificate, string authorityPem)
    {
        if (certificate is null)
        {
            return false;
        }
        using var authority = X509Certificate2.CreateFromPem(authorityPem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }
}
