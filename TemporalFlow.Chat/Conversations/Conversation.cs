using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using TemporalFlow.Chat.SignIn;

namespace TemporalFlow.Chat.Conversations;

/// <summary>A piece of an answer as the page receives it: text, a request to confirm an action, or the end.</summary>
public sealed record ChatChunk(string Type, string? Text = null, string? ActionId = null)
{
    public static ChatChunk Say(string text) => new("text", text);

    public static ChatChunk Confirm(string actionId, string description) => new("confirm", description, actionId);
}

/// <summary>An action waiting for the user's explicit confirmation (simple mode), described exactly as it will run.</summary>
public sealed record PendingAction(string Id, string Description, Func<CancellationToken, Task<string>> RunAsync);

/// <summary>
/// One user's conversation in one browser session: the AI mode's history, and actions awaiting confirmation. One turn at a
/// time. Actions run under <see cref="User"/>'s name, and only if that user may act.
/// </summary>
public sealed class Conversation(string id, ChatUser user)
{
    public const int MaxHistory = 40;

    public string Id { get; } = id;

    public ChatUser User { get; set; } = user;

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

/// <summary>
/// Conversations by user and browser session, in memory: another user presenting the same session cookie gets a conversation
/// of their own. Idle ones (an hour without a turn) are dropped at the next request, and there are at most 1,000 (the least
/// recently used go first).
/// </summary>
public sealed class ConversationStore(TimeProvider clock)
{
    public const int MaxConversations = 1000;
    public static readonly TimeSpan Idle = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Conversation> conversations = new(StringComparer.Ordinal);

    public int Count => conversations.Count;

    public Conversation For(ChatUser user, string sessionId)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in conversations.Values.Where(c => now - c.LastUsed > Idle))
        {
            conversations.TryRemove(stale.Id, out _);
        }
        if (conversations.Count >= MaxConversations)
        {
            foreach (var oldest in conversations.Values.OrderBy(c => c.LastUsed).Take(conversations.Count - MaxConversations + 1))
            {
                conversations.TryRemove(oldest.Id, out _);
            }
        }
        var conversation = conversations.GetOrAdd($"{user.Id}|{sessionId}", id => new Conversation(id, user));
        conversation.User = user; // roles may have changed since the last turn
        conversation.LastUsed = now;
        return conversation;
    }
}
