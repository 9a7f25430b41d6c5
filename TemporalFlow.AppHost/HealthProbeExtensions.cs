#pragma warning disable ASPIREPROBES001 // Probes are marked for evaluation in Aspire 13; the manifest and azd read them.

namespace TemporalFlow.AppHost;

public static class HealthProbeExtensions
{
    /// <summary>
    /// The service defaults' endpoints as the AppHost and the platform use them: Aspire waits on <c>/health</c> (ready: Temporal and
    /// the database answer); published, <c>/alive</c> is the liveness probe (restart only a process that stopped answering) and
    /// <c>/health</c> the readiness probe (no traffic until its dependencies answer).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHealthProbes(this IResourceBuilder<ProjectResource> project) =>
        // Each probe also becomes the AppHost's health check of that path.
        project.WithHttpProbe(ProbeType.Liveness, "/alive", initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3)
            .WithHttpProbe(ProbeType.Readiness, "/health", periodSeconds: 5, failureThreshold: 3);
}
