using Temporalio.Extensions.Hosting;
using TemporalFlow.Core;
using TemporalFlow.Orchestrator.Workflows;
using TemporalFlow.ServiceDefaults;

namespace TemporalFlow.Orchestrator;

public static class OrchestratorExtensions
{
    /// <summary>The Root Orchestrator worker on <c>root_orchestrator-queue</c>.</summary>
    public static IHostApplicationBuilder AddOrchestratorWorker(this IHostApplicationBuilder builder)
    {
        builder.AddTemporalClient();
        builder.AddNpgsqlDataSource("temporalflow");
        builder.Services.AddHostedTemporalWorker(TaskQueues.RootOrchestrator)
            .AddWorkflow<RootOrchestratorWorkflow>();
        return builder;
    }
}
