using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace TemporalFlow.Emulator.WebUi;

/// <summary>
/// Temporal's Web UI, built from the npm package <c>@temporalio/ui</c> by <c>eng/temporal-ui</c>: a single-page app whose every
/// route is <c>index.html</c>. Without a build, each page says how to make one; the HTTP API answers either way.
/// </summary>
internal static class WebUiAssets
{
    public const string BuildCommand = "eng/build-ui.sh";

    public static void MapTemporalWebUi(this WebApplication app, string? assets)
    {
        if (assets is null || !File.Exists(Path.Combine(assets, "index.html")))
        {
            app.MapFallback(async context =>
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync(
                    $"The Temporal Web UI is not built here{(assets is null ? "" : $" ({assets} has no index.html)")}: run {BuildCommand} (it needs Node.js), " +
                    "then start the emulator with --ui-assets eng/temporal-ui/build. Temporal's HTTP API answers under /api/v1 meanwhile.");
            });
            return;
        }
        var files = new PhysicalFileProvider(Path.GetFullPath(assets));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
    }
}
