using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace TemporalFlow.Chat.Conversations;

/// <summary>A piece of an answer as the page receives it: text, a request to confirm an action, or the end.</summary>
public sealed record ChatChunk(string Type, string? Text = null, string? ActionId = null)
{
    public static ChatChunk Say(string text) => new("text", text);

    public static ChatChunk Confirm(string actionId, string description) => new("confirm", description, actionId);
}

/// <summary>An action waiting for the user's explicit confirmation (simple mode), described exactly as it will run.</summary>
public sealed record PendingAction(string Id, string Description, Func<CancellationToken, Task<string>> RunAsync);

/// <summary>One browser session's conversation: the AI mode's history, and actions awaiting confirmation. One turn at a time.</summary>
public sealed class Conversation(string id)
{
    public const int MaxHistory = 40;

    public string Id { get; } = id;

    public SemaphoreSlim Turn { get; } = new(1, 1);

    public List<ChatMessage> History { get; } = [];

    public ConcurrentDictionary<string, PendingAction> Pending { get; } = new();

    public ConcurrentDictionary<string, ToolApprovalRequestContent> PendingApprovals { get; } = new();

    public DateTimeOffset LastUsed { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Keeps the history bounded (the first message is the system prompt).</summary>
    public void Trim()
    {
        while (History.Count > MaxHistory)
        {
            History.RemoveAt(1);
        }
    }
}

/// <summary>Conversations by session id, in memory; idle ones are dropped after an hour, and there are at most 1,000.</summary>
public sealed class ConversationStore(TimeProvider clock)
{
    private const int MaxConversations = 1000;
    private static readonly TimeSpan Idle = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Conversation> conversations = new(StringComparer.Ordinal);

    public Conversation For(string sessionId)
    {
        var now = clock.GetUtcNow();
        if (conversations.Count >= MaxConversations)
        {
            foreach (var stale in conversations.Values.Where(c => now - c.LastUsed > Idle || conversations.Count >= MaxConversations).OrderBy(c => c.LastUsed).Take(100))
            {
                conversations.TryRemove(stale.Id, out _);
            }
        }
        var conversation = conversations.GetOrAdd(sessionId, id => new Conversation(id));
        conversation.LastUsed = now;
        return conversation;
    }
}
