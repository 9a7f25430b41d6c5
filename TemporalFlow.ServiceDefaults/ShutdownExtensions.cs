using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Extensions.Hosting;

namespace TemporalFlow.ServiceDefaults;

/// <summary>
/// How a service stops when the platform asks (SIGTERM: a new revision, a scale-in): within <c>Shutdown:GracePeriod</c> (default
/// 25 s, under Azure Container Apps' and Kubernetes' default 30 s before SIGKILL). A Temporal worker stops polling at once and lets
/// the tasks in hand finish for all but the last 5 s of it; what is still running then is cancelled and retried elsewhere.
/// </summary>
public static class ShutdownExtensions
{
    public const string GracePeriodKey = "Shutdown:GracePeriod";
    private static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan CancelBefore = TimeSpan.FromSeconds(5);

    public static TBuilder AddGracefulShutdown<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var grace = builder.Configuration.GetValue<TimeSpan?>(GracePeriodKey) ?? DefaultGracePeriod;
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = grace);
        builder.Services.ConfigureAll<TemporalWorkerServiceOptions>(o =>
            o.GracefulShutdownTimeout = grace > CancelBefore * 2 ? grace - CancelBefore : grace / 2);
        return builder;
    }
}
