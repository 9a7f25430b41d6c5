#pragma warning disable MEAI001 // tool approval is an evaluation API in Microsoft.Extensions.AI 10.11
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using TemporalFlow.Chat.Conversations;
using TemporalFlow.Chat.Tools;

namespace TemporalFlow.Chat.Ai;

/// <summary>
/// The AI mode: a language model behind Microsoft.Extensions.AI (function invocation, OpenTelemetry) with the same tools as
/// the simple mode. The actions are approval-required functions: the model can propose one, only the user can let it run.
/// </summary>
public sealed class AiAssistant(IChatClient client, TemporalFlowTools tools, string model) : IAssistant
{
    private readonly ChatOptions options = new() { Tools = Tools(tools) };

    public string Mode => "ai";

    public string Model => model;

    public IAsyncEnumerable<ChatChunk> AskAsync(Conversation conversation, string message, CancellationToken cancellationToken)
    {
        if (conversation.History.Count == 0)
        {
            conversation.History.Add(new ChatMessage(ChatRole.System, SystemPrompt.Text));
        }
        conversation.History.Add(new ChatMessage(ChatRole.User, message));
        return TurnAsync(conversation, cancellationToken);
    }

    public IAsyncEnumerable<ChatChunk> ConfirmAsync(Conversation conversation, string actionId, bool approved, CancellationToken cancellationToken)
    {
        if (!conversation.PendingApprovals.TryRemove(actionId, out var request))
        {
            return Once(ChatChunk.Say("That action is no longer waiting (it ran, was declined, or belongs to another session)."));
        }
        conversation.History.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved)]));
        return TurnAsync(conversation, cancellationToken);
    }

    private async IAsyncEnumerable<ChatChunk> TurnAsync(Conversation conversation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(conversation.History, options, cancellationToken))
        {
            updates.Add(update);
            if (!string.IsNullOrEmpty(update.Text))
            {
                yield return ChatChunk.Say(update.Text);
            }
        }
        conversation.History.AddMessages(updates);
        conversation.Trim();
        foreach (var request in updates.SelectMany(u => u.Contents).OfType<ToolApprovalRequestContent>())
        {
            var id = Guid.NewGuid().ToString("N");
            conversation.PendingApprovals[id] = request;
            yield return ChatChunk.Confirm(id, Describe(request.ToolCall as FunctionCallContent));
        }
    }

    /// <summary>The call exactly as it would run: the tool and every argument.</summary>
    private static string Describe(FunctionCallContent? call) => call is null
        ? "run an action"
        : $"{call.Name.Replace('_', ' ')}({string.Join(", ", (call.Arguments ?? new Dictionary<string, object?>()).Select(a => $"{a.Key}: {JsonSerializer.Serialize(a.Value)}"))})";

    private static async IAsyncEnumerable<ChatChunk> Once(ChatChunk chunk)
    {
        await Task.CompletedTask;
        yield return chunk;
    }

    private static List<AITool> Tools(TemporalFlowTools tools) =>
    [
        AIFunctionFactory.Create(tools.ListOpenIncidentsAsync, "list_open_incidents"),
        AIFunctionFactory.Create(tools.GetIncidentAsync, "get_incident"),
        AIFunctionFactory.Create(tools.ListWorkflowsAsync, "list_workflows"),
        AIFunctionFactory.Create(tools.ExplainRoutingAsync, "explain_routing"),
        AIFunctionFactory.Create(tools.ListDeadLettersAsync, "list_dead_letters"),
        AIFunctionFactory.Create(tools.GetRoutingTableAsync, "get_routing_table"),
        new ApprovalRequiredAIFunction(AIFunctionFactory.Create(tools.AcknowledgeIncidentAsync, "acknowledge_incident")),
        new ApprovalRequiredAIFunction(AIFunctionFactory.Create(tools.ResolveIncidentAsync, "resolve_incident")),
        new ApprovalRequiredAIFunction(AIFunctionFactory.Create(tools.RedriveDeadLettersAsync, "redrive_dead_letters")),
        new ApprovalRequiredAIFunction(AIFunctionFactory.Create(tools.SendTestEventAsync, "send_test_event")),
    ];
}
