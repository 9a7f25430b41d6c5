#pragma warning disable ASPIREPROBES001 // Aspire marks probes for evaluation; they are what the platform is told.

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using TemporalFlow.ServiceDefaults;
using TemporalFlow.Testing;
using YamlDotNet.RepresentationModel;

namespace TemporalFlow.Tests.Deployment;

/// <summary>
/// Every service tells the platform how to probe it: liveness on <c>/alive</c> (the process answers) and readiness on
/// <c>/health</c> (Temporal and the database answer), the paths the service defaults map; the Container Apps fragment says the same.
/// </summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task EveryPublishedServiceHasALivenessAndAReadinessProbeOnTheServiceDefaultsPaths()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TemporalFlow_AppHost>(
            ["--Listeners:S3=true", "--Listeners:Azure=true", "--Temporal:Mode=external", "--Parameters:temporal-address=temporal.example:7233"], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);

        var projects = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().ToList();
        Assert.Equal(8, projects.Count); // migrations, orchestrator, two workers, three listeners, chat
        foreach (var project in projects)
        {
            var probes = project.Annotations.OfType<EndpointProbeAnnotation>().ToDictionary(p => p.Type, p => p.Path);
            Assert.Equal((project.Name, HealthCheckExtensions.AlivePath, HealthCheckExtensions.HealthPath),
                (project.Name, probes.GetValueOrDefault(ProbeType.Liveness), probes.GetValueOrDefault(ProbeType.Readiness)));
        }

        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryPaths.Root, "deploy/azure-container-apps/probes.yaml"));
        stream.Load(reader);
        var fragment = ((YamlSequenceNode)stream.Documents.Single().RootNode).Children.Cast<YamlMappingNode>()
            .ToDictionary(p => ((YamlScalarNode)p.Children[new YamlScalarNode("type")]).Value!,
                p => ((YamlScalarNode)((YamlMappingNode)p.Children[new YamlScalarNode("httpGet")]).Children[new YamlScalarNode("path")]).Value);
        Assert.Equal(HealthCheckExtensions.AlivePath, fragment["Liveness"]);
        Assert.Equal(HealthCheckExtensions.HealthPath, fragment["Readiness"]);
    }
}
