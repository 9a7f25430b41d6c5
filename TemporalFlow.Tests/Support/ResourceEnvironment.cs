using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace TemporalFlow.Tests.Support;

internal static class ResourceEnvironment
{
    /// <summary>The environment variables the AppHost gives a resource, resolved as it would start it.</summary>
    public static async Task<Dictionary<string, string>> OfAsync(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var project = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<IResourceWithEnvironment>().Single(r => r.Name == resource);
        var configuration = await ExecutionConfigurationBuilder.Create(project).WithEnvironmentVariablesConfig()
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, cancellationToken);
        return configuration.EnvironmentVariables.ToDictionary(v => v.Key, v => v.Value);
    }
}
