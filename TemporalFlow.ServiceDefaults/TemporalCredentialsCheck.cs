using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace TemporalFlow.ServiceDefaults;

/// <summary>
/// At start-up, asks the Temporal frontend for its system info until it answers. A refused credential is a setting to fix, not an
/// outage to wait out: the process logs which setting to change (never its value) and stops with exit code 1. An unreachable
/// server is waited for (the readiness check reports it), as before.
/// </summary>
internal sealed partial class TemporalCredentialsCheck(ITemporalClient client, IHostApplicationLifetime lifetime, ILogger<TemporalCredentialsCheck> logger)
    : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await client.Connection.WorkflowService.GetSystemInfoAsync(new(), new() { CancellationToken = stoppingToken, Timeout = Retry });
                return;
            }
            catch (Exception ex) when (RefusedCredentials(ex) is { } code)
            {
                LogRefused(logger, client.Connection.Options.TargetHost ?? "?", client.Options.Namespace, code);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Retry, stoppingToken);
            }
        }
    }

    /// <summary>
    /// The refusal's status: an <see cref="RpcException"/> once connected, or, from the lazy client's first connection, the SDK's
    /// "Connection failed" error carrying the status in its text.
    /// </summary>
    private static string? RefusedCredentials(Exception exception) => exception switch
    {
        RpcException { Code: RpcException.StatusCode.Unauthenticated or RpcException.StatusCode.PermissionDenied } rpc => rpc.Code.ToString(),
        InvalidOperationException when exception.Message.Contains("code: Unauthenticated", StringComparison.Ordinal) => "Unauthenticated",
        InvalidOperationException when exception.Message.Contains("code: PermissionDenied", StringComparison.Ordinal) => "PermissionDenied",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Critical, Message = "Temporal at {Address} refused this service's credentials ({Code}) for namespace {Namespace}: " +
        "set TEMPORAL_API_KEY (the AppHost parameter temporal-api-key) to an API key of that namespace, or check TEMPORAL_NAMESPACE. Stopping.")]
    private static partial void LogRefused(ILogger logger, string address, string @namespace, string code);
}
