using System.Net;
using TemporalFlow.Emulator;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Emulator;

/// <summary>
/// The UI port serves the built Web UI as a single-page app (every route is its <c>index.html</c>, files as they are) beside the
/// HTTP API; without a build it says how to make one.
/// </summary>
public sealed class WebUiAssetsTests : IDisposable
{
    private readonly DirectoryInfo build = Directory.CreateTempSubdirectory("temporalflow-ui-");

    [Fact]
    public async Task EveryUiRouteIsTheAppAndItsFilesAreServedBesideTheApi()
    {
        await File.WriteAllTextAsync(Path.Combine(build.FullName, "index.html"), "<html>the shell</html>");
        Directory.CreateDirectory(Path.Combine(build.FullName, "_app"));
        await File.WriteAllTextAsync(Path.Combine(build.FullName, "_app", "start.js"), "export const x = 1;");
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, UiPort = 0, UiAssetsPath = build.FullName });
        using var http = new HttpClient { BaseAddress = server.UiAddress, Timeout = WorkerScenario.HardTimeout };

        foreach (var route in new[] { "/", "/namespaces/default/workflows", "/namespaces/default/workflows/incident-1/run-1/history" })
        {
            Assert.Equal("<html>the shell</html>", await http.GetStringAsync(route));
        }
        using var script = await http.GetAsync("/_app/start.js");
        Assert.Equal(("text/javascript", "export const x = 1;"), (script.Content.Headers.ContentType?.MediaType, await script.Content.ReadAsStringAsync()));
        Assert.Contains("\"DefaultNamespace\"", await http.GetStringAsync("/api/v1/settings"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutABuildThePageSaysHowToMakeOne()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, UiPort = 0, UiAssetsPath = build.FullName });
        using var http = new HttpClient { BaseAddress = server.UiAddress, Timeout = WorkerScenario.HardTimeout };

        using var page = await http.GetAsync("/namespaces/default/workflows");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("run eng/build-ui.sh", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var api = await http.GetAsync("/api/v1/system-info");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    public void Dispose() => build.Delete(recursive: true);
}
