using System.Net;
using System.Text.Json;
using Amazon.S3.Model;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;
using static Microsoft.Playwright.Assertions;
using static TemporalFlow.Tests.Support.HeadlessChromium;

namespace TemporalFlow.Tests.AppHost;

/// <summary>
/// Temporal's own Web UI, served by the emulator on the <c>ui</c> endpoint of the <c>temporal</c> resource, driven in headless
/// Chromium: the orchestrator shard and an incident in the list, the incident's history with its <c>acknowledge</c> signal and
/// the event's payload, and a signal sent from the UI that arrives. Leaves <c>temporal-web-ui.png</c> in the test output.
/// </summary>
[Collection(SharedApplication.Name)]
public sealed class TemporalWebUiTests(AppHostFixture fixture)
{
    [Fact]
    public Task TheUiListsTheShardAndTheIncidentShowsItsHistoryAndSendsASignal() => Task.Run(async () =>
    {
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
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(1400, 1000);

        await page.GotoAsync($"{ui}/namespaces/default/workflows?query={Uri.EscapeDataString("WorkflowId = 'root-orchestrator-0'")}");
        await Expect(page.GetByText("root-orchestrator-0").First).ToBeVisibleAsync();
        await page.GotoAsync($"{ui}/namespaces/default/workflows?query={Uri.EscapeDataString("WorkflowType = 'IncidentWorkflow'")}");
        await Expect(page.GetByText(incidentId).First).ToBeVisibleAsync();

        await page.GetByText(incidentId).First.ClickAsync();
        await Expect(Visible(page, "acknowledge")).ToBeVisibleAsync();
        await Expect(Visible(page, message)).ToBeVisibleAsync(); // the event, the workflow's input
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

        var status = await Poll.UntilAsync(() => incident.QueryAsync<JsonElement>("status", []),
            s => s.GetProperty("timeline").EnumerateArray().Any(e => e.GetRawText().Contains("sent from the Temporal Web UI", StringComparison.Ordinal)));
        Assert.Contains("web-ui", status.GetRawText(), StringComparison.Ordinal);

        // What the emulator lacks is not a broken page: its routes say so.
        await page.GotoAsync($"{ui}/namespaces/default/schedules");
        await Expect(page.Locator("[data-testid=unsupported-feature]")).ToHaveTextAsync("Schedules: not supported by the development emulator");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }).WaitAsync(TimeSpan.FromSeconds(180));

    [Fact]
    public Task ADocumentWorkflowShowsItsTypeStatusAndEventAndItsShardIsRunning() => Task.Run(async () =>
    {
        await using var e2e = await EndToEnd.ConnectAsync(fixture);
        var key = $"uploads/{Guid.NewGuid():N}/web-ui.md";
        var content = EndToEnd.Utf8("# Web UI\n\nEvery document a workflow.\n");
        var put = await e2e.S3.PutObjectAsync(new PutObjectRequest { BucketName = "temporalflow-documents", Key = key, InputStream = new MemoryStream(content) });
        await e2e.Sqs.SendMessageAsync(e2e.QueueUrl, S3Events.Notification("temporalflow-documents", key, content.Length, put.ETag, "00ui"));
        var workflowId = (await e2e.WaitForRowAsync("SELECT workflow_id FROM documents WHERE document_uri = @uri", ("uri", $"s3://temporalflow-documents/{key}")))
            .GetProperty("workflow_id").GetString()!;
        var eventId = (await e2e.WaitForRowAsync("SELECT event_id FROM event_ledger WHERE workflow_id = @id", ("id", workflowId))).GetProperty("event_id").GetString()!;

        var ui = fixture.App.GetEndpoint("temporal", "ui").ToString().TrimEnd('/');
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(1400, 1000);
        await page.GotoAsync($"{ui}/namespaces/default/workflows/{workflowId}"); // the latest run
        await Expect(Visible(page, "DocumentProcessingWorkflow")).ToBeVisibleAsync();
        await Expect(Visible(page, "Completed")).ToBeVisibleAsync();
        await Expect(Visible(page, key)).ToBeVisibleAsync(); // in the event, the workflow's input

        await page.GotoAsync($"{ui}/namespaces/default/workflows/{new OrchestratorShards(2).WorkflowIdFor(eventId)}");
        await Expect(Visible(page, "RootOrchestratorWorkflow")).ToBeVisibleAsync();
        await Expect(Visible(page, "Running")).ToBeVisibleAsync();
    }).WaitAsync(TimeSpan.FromSeconds(180));
}
