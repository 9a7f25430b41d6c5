using Npgsql;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Core;
using TemporalFlow.Core.Routing;
using TemporalFlow.ServiceDefaults;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

namespace TemporalFlow.Orchestrator;

public static class OrchestratorExtensions
{
    /// <summary>
    /// The Root Orchestrator worker on <c>root_orchestrator-queue</c>: routing from the <c>Routing</c> section (the product
    /// description's tables when absent), validated before the worker starts; the ledger schema migrated before it takes work.
    /// </summary>
    public static IHostApplicationBuilder AddOrchestratorWorker(this IHostApplicationBuilder builder)
    {
        builder.AddTemporalClient();
        builder.AddTemporalFlowDatabase();

        builder.Services.AddSingleton(_ => LoadRouting(builder.Configuration));
        builder.Services.AddHostedTemporalWorker(TaskQueues.RootOrchestrator)
            .ConfigureOptions()
            .Configure<ITemporalClient, NpgsqlDataSource, RoutingConfiguration>((options, client, database, routing) =>
                options.AddRootOrchestrator(client, database, routing));
        return builder;
    }

    /// <summary>The configured routing, or the defaults; throws (so the worker refuses to start) naming every problem.</summary>
    public static RoutingConfiguration LoadRouting(IConfiguration configuration)
    {
        var section = configuration.GetSection(RoutingConfiguration.SectionName);
        var routing = section.Exists() ? section.Get<RoutingConfiguration>() ?? new RoutingConfiguration() : DefaultRouting.Create();
        var problems = RoutingValidator.Validate(routing);
        return problems.Count == 0 ? routing : throw new InvalidRoutingConfigurationException(problems);
    }
}
