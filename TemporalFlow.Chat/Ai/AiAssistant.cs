#pragma warning disable MEAI001 // tool approval is an evaluation API in Microsoft.Extensions.AI 10.11
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using TemporalFlow.Chat.Conversations;
using TemporalFlow.Chat.Tools;

namespace TemporalFlow.Chat.Ai;

/// <summary>
/// The AI mode: a language model behind Microsoft.Extensions.AI (function invocation, OpenTelemetry) with the same tools as
/// the simple mode. The actions are approval-required functions: the model can propose one, only an operator can let it run,
/// and it runs in the name of the conversation's signed-in user (the model never supplies who acts).
/// </summary>
public sealed class AiAssistant(IChatClient client, TemporalFlowTools tools, string model) : IAssistant
{
    private readonly List<AITool> questions = Questions(tools);

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
        if (approved && !conversation.User.CanAct)
        {
            return OnceAsync(ChatChunk.Say(Simple.SimpleAssistant.NotAnOperator));
        }
        if (!conversation.PendingApprovals.TryRemove(actionId, out var request))
        {
            return OnceAsync(ChatChunk.Say("That action is no longer waiting (it ran, was declined, or belongs to another session)."));
        }
        conversation.History.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved)]));
        return TurnAsync(conversation, cancellationToken);
    }

    private async IAsyncEnumerable<ChatChunk> TurnAsync(Conversation conversation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        var options = new ChatOptions { Tools = [.. questions, .. Actions(tools, conversation.User.Name)] };
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
            yield return ChatChunk.Confirm(id, Describe(request.ToolCall as FunctionCallContent, options.Tools, conversation.User.Name));
        }
    }

    /// <summary>The call exactly as it would run: the tool, every argument it takes (anything else the model sent is ignored), and who it runs for.</summary>
    private static string Describe(FunctionCallContent? call, IList<AITool>? tools, string actor)
    {
        if (call is null || tools?.OfType<AIFunction>().FirstOrDefault(t => t.Name == call.Name) is not { } function)
        {
            return "run an action";
        }
        var declared = function.JsonSchema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        var arguments = (call.Arguments ?? new Dictionary<string, object?>()).Where(a => declared.Contains(a.Key))
            .Select(a => $"{a.Key}: {JsonSerializer.Serialize(a.Value)}");
        return $"{call.Name.Replace('_', ' ')}({string.Join(", ", arguments)}) as '{actor}'";
    }

    private static async IAsyncEnumerable<ChatChunk> OnceAsync(ChatChunk chunk)
    {
        await Task.CompletedTask;
        yield return chunk;
    }

    private static List<AITool> Questions(TemporalFlowTools tools) =>
    [
        AIFunctionFactory.Create(tools.ListOpenIncidentsAsync, "list_open_incidents"),
        AIFunctionFactory.Create(tools.GetIncidentAsync, "get_incident"),
        AIFunctionFactory.Create(tools.ListWorkflowsAsync, "list_workflows"),
        AIFunctionFactory.Create(tools.ExplainRoutingAsync, "explain_routing"),
        AIFunctionFactory.Create(tools.ListDeadLettersAsync, "list_dead_letters"),
        AIFunctionFactory.Create(tools.GetRoutingTableAsync, "get_routing_table"),
    ];

    /// <summary>The actions, bound to the user they run for: the model sees only what to act on.</summary>
    private static IEnumerable<AITool> Actions(TemporalFlowTools tools, string actor) =>
    [
        Action("acknowledge_incident", "Acknowledges an incident (stops its escalation).",
            ([Description("INC-000123 or the incident id")] string incident, CancellationToken ct) => tools.AcknowledgeIncidentAsync(incident, actor, ct)),
        Action("resolve_incident", "Resolves an incident with a resolution note.",
            ([Description("INC-000123 or the incident id")] string incident, [Description("what fixed it")] string resolution, CancellationToken ct) =>
                tools.ResolveIncidentAsync(incident, resolution, actor, ct)),
        Action("redrive_dead_letters", "Routes dead letters again (after the routing was fixed): all of them, or the given event ids.",
            ([Description("event ids, or empty for all")] List<string>? eventIds, CancellationToken ct) => tools.RedriveDeadLettersAsync(eventIds, actor, ct)),
        Action("send_test_event", "Sends a test event through the orchestrator (as a listener would).",
            ([Description("incident, document-added, data-processing, …")] string eventType, [Description("the message (for incidents) or a note")] string message,
                CancellationToken ct) => tools.SendTestEventAsync(eventType, message, actor, ct)),
    ];

    private static ApprovalRequiredAIFunction Action(string name, string description, Delegate run) =>
        new(AIFunctionFactory.Create(run, name, $"{description} An action: runs only after the user confirms."));
}
