using TemporalFlow.Chat.Conversations;

namespace TemporalFlow.Chat;

/// <summary>A chat mode: answers a message, and carries out (or drops) an action the user confirmed (or declined).</summary>
public interface IAssistant
{
    /// <summary><c>simple</c> or <c>ai</c>, as the page shows it.</summary>
    string Mode { get; }

    IAsyncEnumerable<ChatChunk> AskAsync(Conversation conversation, string message, CancellationToken cancellationToken);

    IAsyncEnumerable<ChatChunk> ConfirmAsync(Conversation conversation, string actionId, bool approved, CancellationToken cancellationToken);
}
