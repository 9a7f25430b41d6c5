using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TemporalFlow.Emulator;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Worker;
using static Microsoft.Playwright.Assertions;
using static TemporalFlow.Tests.Support.HeadlessChromium;

namespace TemporalFlow.Tests.Emulator;

/// <summary>
/// Temporal's Web UI (the npm package in <c>eng/temporal-ui</c>, built by the test command) over the emulator, in headless
/// Chromium: what a developer does there beyond what <c>TemporalWebUiTests</c> drives on the application. A history as
/// timeline, compact and JSON; a parent's children; a pending activity's attempts and last failure; the call stack (the
/// SDK's <c>__stack_trace</c> query); cancel and terminate; and a page naming each feature the emulator lacks that the UI
/// links to.
/// </summary>
public sealed class WebUiBrowserTests
{
    private static readonly string Build = Path.Combine(RepositoryPaths.Root, "eng", "temporal-ui", "build");

    [Fact]
    public Task AParentsHistoryReadsAsTimelineCompactAndJsonAndItsChildrenAreItsRelationships() => InTheUiAsync(async (ui, s, page) =>
    {
        var parent = s.Track(await s.Client.StartWorkflowAsync((ParentWorkflow w) => w.RunAsync(2), s.Options()));
        Assert.Equal(30, await parent.GetResultAsync());
        var children = Enumerable.Range(1, 2).Select(i => s.Track(s.Client.GetWorkflowHandle($"{parent.Id}-child-{i}")).Id).ToList();
        var run = $"{ui}namespaces/default/workflows/{parent.Id}/{parent.ResultRunId}";

        await page.GotoAsync($"{run}/history");
        await page.Locator("[data-testid=feed]").ClickAsync();
        await Expect(Visible(page, "Child Workflow Execution Completed")).ToBeVisibleAsync();
        await page.Locator("[data-testid=compact]").ClickAsync();
        await Expect(Visible(page, "ChildWorkflow")).ToBeVisibleAsync();
        await page.Locator("[data-testid=json]").ClickAsync();
        await Expect(Visible(page, "workflowExecutionStartedEventAttributes")).ToBeVisibleAsync();

        // The list counts by status (a count grouped by ExecutionStatus): the parent and its two children completed.
        await page.GotoAsync($"{ui}namespaces/default/workflows");
        await Expect(page.Locator("[data-testid=workflow-count]")).ToHaveTextAsync("3");
        await Expect(page.Locator("[data-testid=workflow-status-Completed]")).ToContainTextAsync("3");

        await page.GotoAsync($"{run}/relationships");
        foreach (var child in children)
        {
            await Expect(Visible(page, child)).ToBeVisibleAsync();
        }
    });

    [Fact]
    public Task APendingActivityShowsItsAttemptsAndLastFailureAndTerminateFromTheUiEndsItsWorkflow() => InTheUiAsync(async (ui, s, page) =>
    {
        var stuck = s.Track(await s.Client.StartWorkflowAsync((StuckActivityWorkflow w) => w.RunAsync($"ui-{Guid.NewGuid():N}"), s.Options()));
        await Poll.UntilAsync(() => s.Client.WorkflowService.DescribeWorkflowExecutionAsync(new() { Namespace = "default", Execution = new() { WorkflowId = stuck.Id } }),
            d => d.PendingActivities.FirstOrDefault()?.Attempt >= 2);
        var run = $"{ui}namespaces/default/workflows/{stuck.Id}/{stuck.ResultRunId}";

        await page.GotoAsync($"{run}/pending-activities");
        await Expect(Visible(page, "Attempt")).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex(@"^\s*\d+ of Unlimited\s*$")).Filter(new() { Visible = true }).First).ToBeVisibleAsync();
        await Visible(page, "Last Failure").ClickAsync(); // the failure is folded away
        await Expect(page.GetByText(new Regex(@"attempt \d+ fails")).Filter(new() { Visible = true }).First).ToBeVisibleAsync();

        await page.GotoAsync($"{run}/history");
        await page.Locator("#workflow-actions-menu-button >> visible=true").ClickAsync();
        await page.Locator("[data-testid=terminate-button] >> visible=true").ClickAsync();
        var modal = page.Locator("#terminate-confirmation-modal >> visible=true");
        await modal.Locator("#workflow-termination-reason").FillAsync("terminated in the browser");
        await modal.GetByRole(AriaRole.Button, new() { Name = "Terminate" }).ClickAsync();
        await Poll.UntilAsync(() => stuck.DescribeAsync(), d => d.Status == WorkflowExecutionStatus.Terminated);
        var terminated = (await stuck.FetchHistoryAsync()).Events.Last().WorkflowExecutionTerminatedEventAttributes;
        Assert.StartsWith("terminated in the browser", terminated.Reason, StringComparison.Ordinal); // the UI appends where it came from
    });

    [Fact]
    public Task TheCallStackIsShownAndACancellationRequestedFromTheUiCancelsTheWorkflow() => InTheUiAsync(async (ui, s, page) =>
    {
        var waiting = s.Track(await s.Client.StartWorkflowAsync((WaitingChildWorkflow w) => w.RunAsync(), s.Options()));
        var run = $"{ui}namespaces/default/workflows/{waiting.Id}/{waiting.ResultRunId}";

        await page.GotoAsync($"{run}/call-stack");
        await Expect(Visible(page, nameof(WaitingChildWorkflow))).ToBeVisibleAsync();

        await page.GotoAsync($"{run}/history");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request Cancellation" }).Filter(new() { Visible = true }).ClickAsync();
        await page.Locator("#cancel-confirmation-modal >> visible=true").GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Poll.UntilAsync(() => waiting.DescribeAsync(), d => d.Status == WorkflowExecutionStatus.Canceled);
    });

    /// <summary>The links the package's pages can show (a schedule that started a run, a worker deployment, a Nexus endpoint, …).</summary>
    [Theory]
    [InlineData("namespaces/default/schedules", "Schedules")]
    [InlineData("namespaces/default/schedules/nightly", "Schedules")]
    [InlineData("namespaces/default/batch-operations/job-1", "Batch operations")]
    [InlineData("namespaces/default/worker-deployments/orders", "Worker deployments")]
    [InlineData("namespaces/default/deployments", "Worker deployments")]
    [InlineData("namespaces/default/archival", "Archival")]
    [InlineData("nexus/endpoint-1", "Nexus")]
    [InlineData("namespaces/default/workflows/start-workflow", "Starting a workflow from the UI")]
    public Task EveryFeatureTheEmulatorLacksSaysSoOnItsPage(string path, string feature) => InTheUiAsync(async (ui, _, page) =>
    {
        await page.GotoAsync($"{ui}{path}");
        await Expect(page.Locator("[data-testid=unsupported-feature]")).ToHaveTextAsync($"{feature}: not supported by the development emulator");
    });

    private static Task InTheUiAsync(Func<Uri, WorkerScenario, IPage, Task> body) => Task.Run(async () =>
    {
        Assert.True(File.Exists(Path.Combine(Build, "index.html")), $"No Web UI build in {Build}: run eng/build-ui.sh (the test command does).");
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, UiPort = 0, UiAssetsPath = Build });
        var client = await TemporalClient.ConnectAsync(new(server.Address));
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(1400, 1000);
        var activities = new ScenarioActivities();
        await WorkerScenario.RunAsync(client, cacheOff: false, o =>
        {
            o.WorkflowStackTrace = WorkflowStackTrace.Normal;
            o.AddWorkflow<ParentWorkflow>().AddWorkflow<ChildWorkflow>().AddWorkflow<StuckActivityWorkflow>().AddWorkflow<WaitingChildWorkflow>()
                .AddAllActivities(activities);
        }, s => body(server.UiAddress!, s, page));
    }).WaitAsync(TimeSpan.FromSeconds(150));
}
