using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using TemporalFlow.Chat;
using TemporalFlow.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TemporalFlow.Tests.Chat;

/// <summary>
/// The chat outside Development: sign-in with OpenID Connect through a real provider run locally, in headless Chromium.
/// A viewer may ask but not confirm; an operator's action is recorded under their own name; without sign-in nothing answers.
/// </summary>
public sealed class ChatSignInTests(SignedInChatHarness chat) : IClassFixture<SignedInChatHarness>
{
    [Fact]
    public Task AViewerMayAskButNotConfirmAndAnOperatorActsUnderTheirOwnName() => Task.Run(async () =>
    {
        var number = await chat.OpenIncidentAsync("Queue consumer lag over 10 minutes");
        await using var chromium = await HeadlessChromium.LaunchAsync();

        var viewer = await SignInAsync(chromium, SignedInChatHarness.Viewer);
        await Expect(viewer.Locator("#user")).ToHaveTextAsync("Signed in as bob · viewer: may ask, not act");
        await AskAsync(viewer, $"Acknowledge {number}");
        await Expect(viewer.Locator(".confirm").Last).ToContainTextAsync($"Confirm: acknowledge {number} as 'bob'?");
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Expect(viewer.Locator(".assistant").Last).ToHaveTextAsync("Only operators can confirm actions: you are signed in with the viewer role.");
        await AskAsync(viewer, "yes"); // the typed confirmation goes through the assistant, which refuses it too
        await Expect(viewer.Locator(".assistant").Last).ToContainTextAsync("Only operators can run actions");
        Assert.Equal("open", await chat.WaitForAsync($"SELECT state FROM incidents WHERE number = '{number}'"));

        var operatorPage = await SignInAsync(chromium, SignedInChatHarness.Operator);
        await Expect(operatorPage.Locator("#user")).ToHaveTextAsync("Signed in as alice · operator: may confirm actions");
        await AskAsync(operatorPage, $"Acknowledge {number}");
        await Expect(operatorPage.Locator(".confirm").Last).ToContainTextAsync($"Confirm: acknowledge {number} as 'alice'?");
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Expect(operatorPage.Locator(".assistant").Last).ToHaveTextAsync($"{number} acknowledged.");
        Assert.Equal("alice", await chat.WaitForAsync($"SELECT acknowledged_by FROM incidents WHERE number = '{number}'", s => s.Length > 0));
        Assert.Equal("alice", await chat.WaitForAsync(
            $"SELECT t.actor FROM incident_timeline t JOIN incidents i USING (incident_id) WHERE i.number = '{number}' AND t.kind = 'acknowledged'"));
    }).WaitAsync(TimeSpan.FromSeconds(120));

    [Fact]
    public async Task WithoutSignInNothingAnswersAndThePageSendsYouToTheProvider()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = chat.Address, Timeout = TimeSpan.FromSeconds(30) };

        using var ask = await anonymous.PostAsJsonAsync("/api/chat", new { message = "Show open incidents" });
        using var confirm = await anonymous.PostAsJsonAsync("/api/chat/confirm", new { actionId = "x", approved = true });
        using var mode = await anonymous.GetAsync(new Uri("/api/chat/mode", UriKind.Relative));
        using var page = await anonymous.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (ask.StatusCode, confirm.StatusCode, mode.StatusCode));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith($"{chat.ProviderUrl}/auth?", page.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideDevelopmentTheChatDoesNotStartWithoutSignIn()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ChatExtensions.BuildChatApp(["--environment=Production", "--urls=http://127.0.0.1:0"]));
        Assert.Contains("Chat:Auth:Authority", refused.Message, StringComparison.Ordinal);
        Assert.Contains("chat-oidc-client-secret", refused.Message, StringComparison.Ordinal);
    }

    private async Task<IPage> SignInAsync(HeadlessChromium chromium, string user)
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(chat.Address.ToString());
        await page.FillAsync("input[name=login]", user); // the provider's own login page
        await page.FillAsync("input[name=password]", "any password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        await page.WaitForURLAsync($"{chat.Address}**");
        return page;
    }

    private static async Task AskAsync(IPage page, string message)
    {
        await page.FillAsync("#message", message);
        await page.Keyboard.PressAsync("Enter");
    }
}
