using Microsoft.Extensions.Configuration;
using TemporalFlow.AppHost.LocalCloud;
using TemporalFlow.AppHost.Postgres;
using TemporalFlow.AppHost.Temporal;
using TemporalFlow.Listeners;

namespace TemporalFlow.AppHost;

public static class ListenerResources
{
    /// <summary>
    /// One resource per listener of <see cref="ListenerRegistry.All"/> (<c>NAME-listener</c>, on its launch profile's port),
    /// added when what enables it has a value (its AppHost parameter, or the local cloud) or when <c>Listeners:NAME=true</c>, which
    /// is how a deployment asks for it. Each setting comes from the local cloud when it supplies it, else from its parameter
    /// (required when published where the listener cannot run without it, so azd asks). Each connects to the database as the
    /// <c>listener</c> role, which may only insert ledger rows. Only a listener that receives HTTP from outside (the webhooks) is
    /// reachable from outside when published.
    /// </summary>
    public static void AddListeners(this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> shards, TemporalServer temporal,
        MigratedDatabase database, LocalCloudServices? cloud)
    {
        foreach (var listener in ListenerRegistry.All)
        {
            var local = cloud is null ? new HashSet<string>() : LocalCloudServices.Supplies(listener.Settings.Select(s => s.Variable));
            if (!IsEnabled(builder, listener, local))
            {
                continue;
            }
            var project = builder.AddProject<Projects.TemporalFlow_Listeners>(listener.ResourceName, launchProfileName: listener.Name)
                .WithArgs("--listener", listener.Name)
                .WithEnvironment("Orchestrator__Shards", shards)
                .WithTemporal(temporal)
                .WithDatabaseRole(database, "listener") // the claim check: payloads kept before their references are signalled
                .WithHealthProbes();
            if (listener.Map is not null)
            {
                project.WithExternalHttpEndpoints();
            }
            foreach (var setting in listener.Settings.Where(s => !local.Contains(s.Variable)))
            {
                if (setting.RequiredWhenPublished)
                {
                    project.WithRequiredWhenPublished(setting.Parameter, setting.Variable, setting.Secret);
                }
                else if (setting.Variable == listener.EnabledBy)
                {
                    project.WithEnvironment(setting.Variable, builder.SharedParameter(setting.Parameter, setting.Secret));
                }
                else
                {
                    project.WithParameterIfGiven(setting.Parameter, setting.Variable, setting.Secret);
                }
            }
            if (cloud is not null && local.Count > 0)
            {
                project.WithLocalCloudSettings(cloud, local);
            }
        }
    }

    private static bool IsEnabled(IDistributedApplicationBuilder builder, ListenerDefinition listener, IReadOnlySet<string> local) =>
        listener.EnabledBy is not { } variable
        || builder.Configuration.GetValue<bool>($"Listeners:{listener.Name}")
        || local.Contains(variable)
        || listener.Settings.FirstOrDefault(s => s.Variable == variable) is { } setting && !string.IsNullOrEmpty(builder.Configuration[$"Parameters:{setting.Parameter}"]);
}
