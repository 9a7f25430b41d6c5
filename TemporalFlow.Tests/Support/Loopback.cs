using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TemporalFlow.Tests.Support;

/// <summary>Small real HTTP servers for tests: Kestrel on 127.0.0.1 with a free port.</summary>
internal static class Loopback
{
    /// <summary>A minimal app on a free loopback port, quiet below warnings; map its endpoints, then start it.</summary>
    public static WebApplication CreateSlimApp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder.Build();
    }

    /// <summary>Where a started app listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
