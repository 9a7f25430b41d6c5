using Temporalio.Extensions.Hosting;
using TemporalFlow.Core;
using TemporalFlow.ServiceDefaults;
using TemporalFlow.Workflows.Incident.Workflows;

namespace TemporalFlow.Workflows.Incident;

public static class IncidentWorkerExtensions
{
    /// <summary>The incident management worker on its own task queue.</summary>
    public static IHostApplicationBuilder AddIncidentWorker(this IHostApplicationBuilder builder)
    {
        builder.AddTemporalClient();
        builder.AddNpgsqlDataSource("temporalflow");
        builder.Services.AddHostedTemporalWorker(TaskQueues.Incident)
            .AddWorkflow<IncidentWorkflow>();
        return builder;
    }
}
