using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Chat;

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> on a loopback port (JSON and server-sent events), scripted like
/// <see cref="ScriptedChatClient"/>: without a tool result it calls <c>list_open_incidents</c>, with one it answers quoting it.
/// </summary>
internal sealed class LoopbackOpenAiEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackOpenAiEndpoint(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The Authorization headers received, to show the key reached the endpoint (and only the endpoint).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    public static async Task<LoopbackOpenAiEndpoint> StartAsync()
    {
        var endpoint = new LoopbackOpenAiEndpoint(Loopback.CreateSlimApp());
        endpoint.app.MapPost("/v1/chat/completions", endpoint.CompleteAsync);
        await endpoint.app.StartAsync();
        endpoint.BaseUrl = Loopback.AddressOf(endpoint.app) + "/v1";
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task CompleteAsync(HttpContext http)
    {
        Authorizations.Enqueue(http.Request.Headers.Authorization.ToString());
        var request = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        var stream = request["stream"]?.GetValue<bool>() == true;
        var toolResult = request["messages"]!.AsArray().LastOrDefault(m => m!["role"]!.GetValue<string>() == "tool")?["content"];
        var model = request["model"]!.GetValue<string>();
        JsonObject message = toolResult is null
            ? new() { ["role"] = "assistant", ["tool_calls"] = new JsonArray(ToolCall()) }
            : new() { ["role"] = "assistant", ["content"] = $"Open incidents: {Text(toolResult)}" };
        var finish = toolResult is null ? "tool_calls" : "stop";
        if (!stream)
        {
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "chatcmpl-loopback",
                ["object"] = "chat.completion",
                ["created"] = 1_795_000_000,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
            });
            return;
        }
        http.Response.ContentType = "text/event-stream";
        var deltas = toolResult is null
            ? [new JsonObject { ["role"] = "assistant", ["tool_calls"] = new JsonArray(ToolCall(index: 0)) }]
            : new[] { "Open incidents: ", Text(toolResult) }.Select(piece => new JsonObject { ["content"] = piece }).ToList();
        foreach (var delta in deltas)
        {
            await ChunkAsync(http, model, delta, null);
        }
        await ChunkAsync(http, model, new JsonObject(), finish);
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static Task ChunkAsync(HttpContext http, string model, JsonObject delta, string? finish) => http.Response.WriteAsync("data: " + new JsonObject
    {
        ["id"] = "chatcmpl-loopback",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_795_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    }.ToJsonString() + "\n\n");

    private static JsonObject ToolCall(int? index = null)
    {
        var call = new JsonObject
        {
            ["id"] = "call_loopback_1",
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "list_open_incidents", ["arguments"] = "{}" },
        };
        if (index is { } i)
        {
            call["index"] = i;
        }
        return call;
    }

    private static string Text(JsonNode content) => content.GetValueKind() == JsonValueKind.String ? content.GetValue<string>() : content.ToJsonString();
}
