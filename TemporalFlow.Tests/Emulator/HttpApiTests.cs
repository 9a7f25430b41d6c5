using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TemporalFlow.Emulator;
using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Client;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Emulator;

/// <summary>
/// Temporal's HTTP API on the emulator's <c>--ui-port</c>: the grpc-gateway bindings the Web UI calls
/// (https://docs.temporal.io/references/http-api-reference is not published; the bindings are the <c>google.api.http</c> options of
/// temporalio/api's service definitions), in proto3 JSON, and the UI server's own <c>/api/v1/settings</c>.
/// </summary>
public sealed class HttpApiTests
{
    [Fact]
    public async Task TheUiServersSettingsTheClusterAndTheNamespaceAreAnswered()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, UiPort = 0 });
        using var http = new HttpClient { BaseAddress = server.UiAddress, Timeout = WorkerScenario.HardTimeout };

        var settings = await http.GetFromJsonAsync<JsonElement>("/api/v1/settings");
        Assert.False(settings.GetProperty("Auth").GetProperty("Enabled").GetBoolean());
        Assert.Equal("default", settings.GetProperty("DefaultNamespace").GetString());
        Assert.True(settings.GetProperty("BatchActionsDisabled").GetBoolean()); // what the emulator lacks is hidden

        var system = await http.GetFromJsonAsync<JsonElement>("/api/v1/system-info");
        Assert.Contains("emulator", system.GetProperty("serverVersion").GetString(), StringComparison.Ordinal);
        Assert.Equal("active", (await http.GetFromJsonAsync<JsonElement>("/api/v1/cluster-info")).GetProperty("clusterName").GetString());
        var namespaces = await http.GetFromJsonAsync<JsonElement>("/api/v1/namespaces");
        Assert.Contains(namespaces.GetProperty("namespaces").EnumerateArray(), n => n.GetProperty("namespaceInfo").GetProperty("name").GetString() == "default");
        var attributes = await http.GetFromJsonAsync<JsonElement>("/api/v1/namespaces/default/search-attributes");
        Assert.Equal("INDEXED_VALUE_TYPE_KEYWORD", attributes.GetProperty("systemAttributes").GetProperty("WorkflowType").GetString());
    }

    [Fact]
    public async Task AWorkflowIsListedDescribedReadSignalledQueriedAndTerminatedOverHttp()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, UiPort = 0 });
        using var http = new HttpClient { BaseAddress = server.UiAddress, Timeout = WorkerScenario.HardTimeout };
        var client = await TemporalClient.ConnectAsync(new(server.Address));
        var id = $"http-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions($"tq-{id}") { WorkflowStackTrace = WorkflowStackTrace.Normal }
            .AddWorkflow<SignalCollectorWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), new(id, $"tq-{id}"));
            var query = Uri.EscapeDataString($"WorkflowId = '{id}'");

            var list = await http.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/default/workflows?query={query}&pageSize=20");
            var listed = Assert.Single(list.GetProperty("executions").EnumerateArray());
            Assert.Equal(("SignalCollectorWorkflow", "WORKFLOW_EXECUTION_STATUS_RUNNING"),
                (listed.GetProperty("type").GetProperty("name").GetString(), listed.GetProperty("status").GetString()));
            Assert.Equal("1", (await http.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/default/workflow-count?query={query}")).GetProperty("count").GetString());

            // A signal as the UI sends it: the input as payloads, JSON-encoded and base64'd.
            using var signal = await http.PostAsync($"/api/v1/namespaces/default/workflows/{id}/signal/Add", Json(new
            {
                input = new { payloads = new[] { new { metadata = new { encoding = Base64("json/plain") }, data = Base64("\"from the UI\"") } } },
            }));
            Assert.True(signal.StatusCode == HttpStatusCode.OK, await signal.Content.ReadAsStringAsync());
            using var answered = await http.PostAsync($"/api/v1/namespaces/default/workflows/{id}/query/Received", Json(new { }));
            var answer = await answered.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("from the UI", FromBase64(answer.GetProperty("queryResult").GetProperty("payloads")[0].GetProperty("data").GetString()!), StringComparison.Ordinal);
            using var stack = await http.PostAsync($"/api/v1/namespaces/default/workflows/{id}/query/__stack_trace", Json(new { }));
            Assert.True(stack.StatusCode == HttpStatusCode.OK, await stack.Content.ReadAsStringAsync());
            var trace = FromBase64((await stack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queryResult").GetProperty("payloads")[0].GetProperty("data").GetString()!);
            Assert.Contains(nameof(SignalCollectorWorkflow), trace, StringComparison.Ordinal);

            var described = await http.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/default/workflows/{id}?execution.runId={handle.ResultRunId}");
            Assert.Equal($"tq-{id}", described.GetProperty("executionConfig").GetProperty("taskQueue").GetProperty("name").GetString());
            var history = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/default/workflows/{id}/history")).GetProperty("history").GetProperty("events");
            Assert.Equal(("1", "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"), (history[0].GetProperty("eventId").GetString(), history[0].GetProperty("eventType").GetString()));
            Assert.Contains(history.EnumerateArray(), e => e.TryGetProperty("workflowExecutionSignaledEventAttributes", out var s) && s.GetProperty("signalName").GetString() == "Add");
            var reverse = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/default/workflows/{id}/history-reverse")).GetProperty("history").GetProperty("events");
            Assert.Equal(history[history.GetArrayLength() - 1].GetProperty("eventId").GetString(), reverse[0].GetProperty("eventId").GetString());
            var queue = await http.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/default/task-queues/tq-{id}?taskQueueType=TASK_QUEUE_TYPE_WORKFLOW");
            Assert.NotEmpty(queue.GetProperty("pollers").EnumerateArray());

            using var terminate = await http.PostAsync($"/api/v1/namespaces/default/workflows/{id}/terminate", Json(new { reason = "from the UI" }));
            Assert.Equal(HttpStatusCode.OK, terminate.StatusCode);
            Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Terminated, (await handle.DescribeAsync()).Status);
        }).WaitAsync(WorkerScenario.HardTimeout);
    }

    /// <summary>What the emulator does not do answers as its gRPC does, by name; a bad search names the subset; no route is a 404.</summary>
    [Fact]
    public async Task WhatTheEmulatorLacksIsRefusedByNameAndAnUnknownRouteIsNotFound()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, UiPort = 0 });
        using var http = new HttpClient { BaseAddress = server.UiAddress, Timeout = WorkerScenario.HardTimeout };

        using var schedules = await http.GetAsync("/api/v1/namespaces/default/schedules");
        Assert.Equal(HttpStatusCode.NotImplemented, schedules.StatusCode);
        var refusal = await schedules.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, refusal.GetProperty("code").GetInt32());
        Assert.Contains("ListSchedules is not supported by the TemporalFlow emulator", refusal.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var badQuery = await http.GetAsync($"/api/v1/namespaces/default/workflows?query={Uri.EscapeDataString("ExecutionDuration > '5s'")}");
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Contains("The emulator supports WorkflowType", (await badQuery.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);

        using var missing = await http.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var notFound = await http.GetAsync("/api/v1/namespaces/default/workflows/no-such-workflow");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string FromBase64(string data) => Encoding.UTF8.GetString(Convert.FromBase64String(data));
}
