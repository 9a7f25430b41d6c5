using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using TemporalFlow.Testing;
using TemporalFlow.Tests.AppHost;
using Temporalio.Api.Enums.V1;

namespace TemporalFlow.Tests.Walkthrough;

/// <summary>
/// The README's walkthrough, exactly as written: its commands are read from README.md and run with bash against the
/// application started as <c>./eng/run.sh</c> starts it (the same ports), and each outcome the README promises is checked.
/// </summary>
[Collection(SharedApplication.Name)]
public sealed class WalkthroughTests(AppHostFixture fixture)
{
    private const string RunbookUri = "s3://temporalflow-documents/uploads/runbook.md";

    [Fact]
    public async Task TheReadmeWalkthroughWorksAsWritten()
    {
        var commands = ReadmeWalkthrough.Commands();
        Assert.Equal(6, commands.Count); // steps 1 to 6; step 7 is the dashboard
        await using var e2e = await EndToEnd.ConnectAsync(fixture);

        // 1. An incident through the generic webhook: 202 with the event id, an IncidentWorkflow and a high-severity incident.
        var incidentEvent = AcceptedEventId(await ReadmeWalkthrough.RunAsync(commands[0]));
        var incident = await e2e.WaitForRowAsync("SELECT number, severity FROM incidents WHERE event_id = @id", ("id", incidentEvent),
            row => row.GetProperty("severity").ValueKind == JsonValueKind.String); // opened first, then classified
        Assert.Equal("high", incident.GetProperty("severity").GetString(), ignoreCase: true);
        var incidentWorkflow = await e2e.Temporal.GetWorkflowHandle($"incident-{incidentEvent}").DescribeAsync();
        Assert.Equal(("IncidentWorkflow", WorkflowExecutionStatus.Running), (incidentWorkflow.WorkflowType, incidentWorkflow.Status));
        Assert.Equal("eventType:incident", (await LedgerRowAsync(e2e, incidentEvent)).GetProperty("route").GetString());

        // 2. A document through S3 and SQS: a markdown record with the file's hash, 27 words and 4 lines, and its text.
        await ReadmeWalkthrough.RunAsync(commands[1]);
        var document = await e2e.WaitForRowAsync("SELECT * FROM documents WHERE document_uri = @uri", ("uri", RunbookUri));
        var runbook = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "samples", "runbook.md"));
        Assert.Equal(("processed", "markdown", Convert.ToHexStringLower(SHA256.HashData(runbook)), 27L, 4L),
            (document.GetProperty("status").GetString(), document.GetProperty("kind").GetString(), document.GetProperty("sha256").GetString(),
             document.GetProperty("word_count").GetInt64(), document.GetProperty("line_count").GetInt64()));
        Assert.Equal(1, await e2e.CountAsync("SELECT count(*) FROM document_texts WHERE document_uri = @uri", ("uri", RunbookUri)));

        // 3. The same notification again: one ledger row, one workflow.
        await ReadmeWalkthrough.RunAsync(commands[2]);
        await e2e.WaitForQueueDrainedAsync(); // the listener deletes a message only once Temporal accepted its event
        Assert.Equal(1, await e2e.CountAsync("SELECT count(*) FROM event_ledger WHERE payload->>'documentUri' = @uri", ("uri", RunbookUri)));
        var documentWorkflow = document.GetProperty("workflow_id").GetString()!;
        Assert.Equal(1, await e2e.Temporal.ListWorkflowsAsync($"WorkflowId = '{documentWorkflow}'").CountAsync());

        // 4. A dataset: 3 rows, 1 bad row with the README's reason.
        var dataEvent = AcceptedEventId(await ReadmeWalkthrough.RunAsync(commands[3]));
        var dataset = await e2e.WaitForRowAsync("SELECT * FROM datasets WHERE event_id = @id", ("id", dataEvent));
        Assert.Equal((3L, 1L), (dataset.GetProperty("row_count").GetInt64(), dataset.GetProperty("bad_rows").GetInt64()));
        var badRow = Assert.Single(dataset.GetProperty("bad_row_samples").EnumerateArray());
        Assert.Equal((4, "column 'total': 'not-a-number' is not number"), (badRow.GetProperty("line").GetInt32(), badRow.GetProperty("reason").GetString()));

        // 5. An unroutable event: accepted, then a dead letter with the README's reason.
        var unroutable = AcceptedEventId(await ReadmeWalkthrough.RunAsync(commands[4]));
        var deadLetter = await e2e.WaitForRowAsync("SELECT status, reason FROM event_ledger WHERE event_id = @id AND status <> 'received'", ("id", unroutable));
        Assert.Equal(("dead-lettered", "no rule matches event type 'printer-out-of-paper' or source 'office', and there is no default"),
            (deadLetter.GetProperty("status").GetString(), deadLetter.GetProperty("reason").GetString()));

        // 6. The chat names the dead letter of step 5 and the incident of step 1.
        var answers = await ReadmeWalkthrough.RunAsync(commands[5]);
        Assert.Contains(unroutable, answers, StringComparison.Ordinal);
        Assert.Contains(incident.GetProperty("number").GetString()!, answers, StringComparison.Ordinal);
    }

    /// <summary>The one event id of a <c>curl -i</c> answer that must be <c>202 Accepted</c>.</summary>
    private static string AcceptedEventId(string output)
    {
        Assert.Contains("HTTP/1.1 202 Accepted", output, StringComparison.Ordinal);
        var body = Regex.Match(output, """\{"eventIds":\[[^\]]*\]\}""", RegexOptions.None, TimeSpan.FromSeconds(1)); // curl -i prints no newline after it
        Assert.True(body.Success, $"No eventIds in the answer:\n{output}");
        using var json = JsonDocument.Parse(body.Value);
        return Assert.Single(json.RootElement.GetProperty("eventIds").EnumerateArray()).GetString()!;
    }

    private static Task<JsonElement> LedgerRowAsync(EndToEnd e2e, string eventId) =>
        e2e.WaitForRowAsync("SELECT status, route FROM event_ledger WHERE event_id = @id", ("id", eventId), row => row.GetProperty("status").GetString() == "routed");
}
