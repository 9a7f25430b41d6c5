using Microsoft.Playwright;

namespace TemporalFlow.Tests.Support;

/// <summary>
/// Debian's Chromium (installed by the test command; <c>TEMPORALFLOW_CHROMIUM</c> names another), headless, driven by Playwright.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string ExecutablePath = Environment.GetEnvironmentVariable("TEMPORALFLOW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly IPlaywright playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"No Chromium at {ExecutablePath}: run the test command (it installs Debian's chromium) or set TEMPORALFLOW_CHROMIUM.");
        var playwright = await Playwright.CreateAsync();
        return new(playwright, await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true }));
    }

    /// <summary>A page in a context of its own, waiting up to 30 s for what a test expects.</summary>
    public async Task<IPage> NewPageAsync(int width = 1000, int height = 720)
    {
        var page = await (await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } })).NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>The first visible element with the text (pages often render a hidden copy too, for small screens or a timeline).</summary>
    public static ILocator Visible(IPage page, string text) => page.GetByText(text).Filter(new() { Visible = true }).First;

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
