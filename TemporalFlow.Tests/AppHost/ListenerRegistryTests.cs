using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using TemporalFlow.Listeners;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.AppHost;

/// <summary>A listener's definition in the registry is all it takes: the AppHost, the launch profiles and the docs follow it.</summary>
public sealed class ListenerRegistryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheAppHostRunsEveryListenerOfTheRegistryWithItsSettingsFromItsParameters()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var args = ListenerRegistry.All.SelectMany(l => l.Settings).Select(s => $"--Parameters:{s.Parameter}=value-of-{s.Parameter}").ToArray();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TemporalFlow_AppHost>(args, timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        foreach (var listener in ListenerRegistry.All)
        {
            var resource = Assert.Single(model.Resources, r => r.Name == listener.ResourceName);
            var environment = await ResourceEnvironment.OfAsync(app, listener.ResourceName, timeout.Token);
            foreach (var setting in listener.Settings)
            {
                Assert.Equal((setting.Variable, $"value-of-{setting.Parameter}"), (setting.Variable, environment.GetValueOrDefault(setting.Variable)));
            }
            var endpoint = Assert.Single(resource.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
            Assert.Equal((listener.Name, LaunchProfilePort(listener.Name)), (listener.Name, endpoint.Port));
        }
    }

    [Fact]
    public async Task WithoutWhatEnablesThemOnlyTheAlwaysOnListenersAreResources()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TemporalFlow_AppHost>([], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        var names = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => r.Name).ToHashSet();

        Assert.Equal(ListenerRegistry.All.Where(l => l.EnabledBy is null).Select(l => l.ResourceName),
            ListenerRegistry.All.Select(l => l.ResourceName).Where(names.Contains));
    }

    [Fact]
    public void EveryListenerHasItsOwnPortAndItsSectionInTheManual()
    {
        var ports = ListenerRegistry.All.Select(l => LaunchProfilePort(l.Name)).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        var manual = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "event-sources.md"));
        Assert.All(ListenerRegistry.All, l => Assert.Contains($"--listener {l.Name}", manual, StringComparison.Ordinal));
    }

    /// <summary>The port of the listener's launch profile (named as the listener) in TemporalFlow.Listeners.</summary>
    private static int? LaunchProfilePort(string name)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "TemporalFlow.Listeners", "Properties", "launchSettings.json")));
        return settings.RootElement.GetProperty("profiles").TryGetProperty(name, out var profile)
            ? new Uri(profile.GetProperty("applicationUrl").GetString()!).Port
            : null;
    }
}
