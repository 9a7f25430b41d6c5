using Microsoft.Playwright;
using TemporalFlow.Chat.SignIn;
using static Microsoft.Playwright.Assertions;

namespace TemporalFlow.Tests.Chat;

/// <summary>
/// The chat page in headless Chromium (Debian's, installed by the test command; <c>TEMPORALFLOW_CHROMIUM</c> names another):
/// ask, see an answer with live data, confirm an action. Leaves a screenshot (<c>chat-page.png</c> in the test output).
/// </summary>
public sealed class ChatPageTests(ChatHarness chat) : IClassFixture<ChatHarness>
{
    private static readonly string Chromium = Environment.GetEnvironmentVariable("TEMPORALFLOW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    [Fact]
    public Task AQuestionGetsALiveAnswerAndAnActionRunsOnceConfirmed() => Task.Run(async () =>
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: run the test command (it installs Debian's chromium) or set TEMPORALFLOW_CHROMIUM.");
        var number = await chat.OpenIncidentAsync("Homepage returns 500 after deploy 4411");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1000, Height = 720 } });
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(chat.Address.ToString());
        await Expect(page.Locator("#mode")).ToHaveTextAsync("Simple mode · no model needed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Show open incidents" }).ClickAsync();
        await Expect(page.Locator(".assistant").Last).ToContainTextAsync($"{number} [");
        await Expect(page.Locator(".assistant").Last).ToContainTextAsync("Homepage returns 500 after deploy 4411");

        await page.FillAsync("#message", $"Acknowledge {number}");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".confirm").Last).ToContainTextAsync($"Confirm: acknowledge {number} as '{ChatSignIn.LocalUserName}'?");
        Assert.Equal("open", await chat.WaitForAsync($"SELECT state FROM incidents WHERE number = '{number}'"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Expect(page.Locator(".assistant").Last).ToHaveTextAsync($"{number} acknowledged.");
        await chat.WaitForAsync($"SELECT state FROM incidents WHERE number = '{number}'", s => s == "acknowledged");

        await page.FillAsync("#message", $"What is the status of {number}?");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".assistant").Last).ToContainTextAsync($"acknowledged by {ChatSignIn.LocalUserName}");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "chat-page.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }).WaitAsync(TimeSpan.FromSeconds(120));
}
