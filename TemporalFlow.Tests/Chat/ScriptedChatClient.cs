using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace TemporalFlow.Tests.Chat;

/// <summary>
/// A stand-in model with a fixed script, under the real function-invocation pipeline: asked about incidents it calls
/// <c>list_open_incidents</c>; asked to acknowledge INC-n it calls <c>acknowledge_incident</c>; given a tool result it
/// answers "From the tools: …" quoting it.
/// </summary>
internal sealed partial class ScriptedChatClient : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }
        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        var last = messages.Last();
        if (last.Contents.OfType<FunctionResultContent>().FirstOrDefault() is { } result)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "From the tools: ");
            yield return new ChatResponseUpdate(ChatRole.Assistant, JsonSerializer.Serialize(result.Result));
            yield break;
        }
        var text = last.Text;
        if (IncidentNumber().Match(text) is { Success: true } number && text.Contains("ack", StringComparison.OrdinalIgnoreCase))
        {
            yield return Call("acknowledge_incident", new() { ["incident"] = number.Value, ["who"] = "ai test" });
        }
        else if (text.Contains("incident", StringComparison.OrdinalIgnoreCase))
        {
            yield return Call("list_open_incidents", []);
        }
        else
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "I can help with incidents.");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static ChatResponseUpdate Call(string name, Dictionary<string, object?> arguments) =>
        new(ChatRole.Assistant, [new FunctionCallContent($"call-{Guid.NewGuid():N}", name, arguments)]);

    [GeneratedRegex(@"INC-\d+")]
    private static partial Regex IncidentNumber();
}
