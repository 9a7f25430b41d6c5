using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using TemporalFlow.Adapters.Temporal;
using static Microsoft.Playwright.Assertions;

namespace TemporalFlow.Tests.AppHost;

/// <summary>
/// Temporal's own Web UI, served by the emulator on the <c>ui</c> endpoint of the <c>temporal</c> resource, driven in headless
/// Chromium: the orchestrator shard and an incident in the list, the incident's history with its <c>acknowledge</c> signal and
/// the event's payload, and a signal sent from the UI that arrives. Leaves <c>temporal-web-ui.png</c> in the test output.
/// </summary>
[Collection(SharedApplication.Name)]
public sealed class TemporalWebUiTests(AppHostFixture fixture)
{
    private static readonly string Chromium = Environment.GetEnvironmentVariable("TEMPORALFLOW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    [Fact]
    public Task TheUiListsTheShardAndTheIncidentShowsItsHistoryAndSendsASignal() => Task.Run(async () =>
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: run the test command (it installs Debian's chromium) or set TEMPORALFLOW_CHROMIUM.");
        await using var e2e = await EndToEnd.ConnectAsync(fixture);
        // An event whose id lands on shard 0, so root-orchestrator-0 has routed something.
        var eventId = Enumerable.Range(0, 100).Select(i => $"ui-incident-{Guid.NewGuid():N}").First(id => new OrchestratorShards(2).WorkflowIdFor(id) == "root-orchestrator-0");
        var message = $"Checkout latency above 3 s ({eventId})";
        using (var response = await e2e.PostAsync("/webhook", new { eventType = "incident", source = "monitoring", eventId, message }))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var incidentId = (await e2e.WaitForRowAsync("SELECT incident_id FROM incidents WHERE event_id = @id", ("id", eventId))).GetProperty("incident_id").GetString()!;
        var incident = e2e.Temporal.GetWorkflowHandle(incidentId);
        await incident.SignalAsync("acknowledge", [new { who = "oncall" }]);

        var ui = fixture.App.GetEndpoint("temporal", "ui").ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync($"{ui}/namespaces/default/workflows?query={Uri.EscapeDataString("WorkflowId = 'root-orchestrator-0'")}");
        await Expect(page.GetByText("root-orchestrator-0").First).ToBeVisibleAsync();
        await page.GotoAsync($"{ui}/namespaces/default/workflows?query={Uri.EscapeDataString("WorkflowType = 'IncidentWorkflow'")}");
        await Expect(page.GetByText(incidentId).First).ToBeVisibleAsync();

        await page.GetByText(incidentId).First.ClickAsync();
        await Expect(page.GetByText("acknowledge").Filter(new() { Visible = true }).First).ToBeVisibleAsync();
        await Expect(page.GetByText(message).Filter(new() { Visible = true }).First).ToBeVisibleAsync(); // the event, the workflow's input
        var screenshot = Path.Combine(AppContext.BaseDirectory, "temporal-web-ui.png");
        await page.ScreenshotAsync(new() { Path = screenshot });

        // A signal from the UI: Workflow Actions → Send a Signal → update, with a note.
        await page.Locator("#workflow-actions-menu-button >> visible=true").ClickAsync();
        await page.Locator("[data-testid=signal-button] >> visible=true").ClickAsync();
        var modal = page.Locator("#signal-confirmation-modal >> visible=true");
        if (await modal.Locator("#signal-name").CountAsync() > 0)
        {
            await modal.Locator("#signal-name").FillAsync("update");
        }
        else
        {
            // The SDK answers the metadata query with the workflow's signals: pick one from the list.
            await modal.Locator("[data-testid=signal-select-button]").ClickAsync();
            await page.Locator("li[role=option] >> visible=true").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"^\s*update\b") }).ClickAsync();
        }
        await modal.Locator(".cm-content").ClickAsync();
        await page.Keyboard.TypeAsync("{\"who\": \"web-ui\", \"note\": \"sent from the Temporal Web UI\"}");
        await modal.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        var status = await Support.Poll.UntilAsync(() => incident.QueryAsync<JsonElement>("status", []),
            s => s.GetProperty("timeline").EnumerateArray().Any(e => e.GetRawText().Contains("sent from the Temporal Web UI", StringComparison.Ordinal)));
        Assert.Contains("web-ui", status.GetRawText(), StringComparison.Ordinal);

        // What the emulator lacks is not a broken page: its routes say so.
        await page.GotoAsync($"{ui}/namespaces/default/schedules");
        await Expect(page.Locator("[data-testid=unsupported-feature]")).ToHaveTextAsync("Schedules: not supported by the development emulator");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }).WaitAsync(TimeSpan.FromSeconds(180));
}
