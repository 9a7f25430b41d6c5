using Microsoft.Playwright;
using TemporalFlow.Chat.SignIn;
using TemporalFlow.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TemporalFlow.Tests.Chat;

/// <summary>
/// The chat page in headless Chromium (Debian's, installed by the test command; <c>TEMPORALFLOW_CHROMIUM</c> names another):
/// ask, see an answer with live data, confirm an action. Leaves a screenshot (<c>chat-page.png</c> in the test output).
/// </summary>
public sealed class ChatPageTests(ChatHarness chat) : IClassFixture<ChatHarness>
{
    [Fact]
    public Task AQuestionGetsALiveAnswerAndAnActionRunsOnceConfirmed() => Task.Run(async () =>
    {
        var number = await chat.OpenIncidentAsync("Homepage returns 500 after deploy 4411");
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
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
