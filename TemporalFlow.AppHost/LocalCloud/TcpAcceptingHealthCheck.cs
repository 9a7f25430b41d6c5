using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TemporalFlow.AppHost.LocalCloud;

/// <summary>Healthy once the endpoint accepts a TCP connection (Azurite answers nothing anonymous with 200).</summary>
internal sealed class TcpAcceptingHealthCheck(EndpointReference endpoint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("No port allocated yet.");
        }
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy($"Not accepting connections on {endpoint.Host}:{endpoint.Port} yet ({ex.SocketErrorCode}).");
        }
    }
}
