using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using TemporalFlow.Chat.Conversations;
using TemporalFlow.Chat.SignIn;

namespace TemporalFlow.Chat;

/// <summary>
/// The page and its API: the mode and who is asking, a question (answer streamed as server-sent events; viewers and
/// operators), a confirmation (operators only). Each conversation belongs to its user and browser session.
/// </summary>
public static class ChatEndpoints
{
    public const int MaxMessageLength = 2000;
    private const string SessionCookie = "temporalflow-chat";

    public sealed record Question(string? Message);

    public sealed record Confirmation(string? ActionId, bool Approved);

    public static WebApplication MapChat(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/api/chat/mode", (IAssistant assistant, ChatAuthSettings auth, HttpContext http) =>
        {
            var user = ChatSignIn.UserOf(http);
            return Results.Ok(new { mode = assistant.Mode, model = (assistant as Ai.AiAssistant)?.Model, user = user.Name, canAct = user.CanAct, signIn = auth.Configured });
        }).RequireAuthorization(ChatSignIn.Viewer);
        app.MapPost("/api/chat", (Question question, IAssistant assistant, ConversationStore store, HttpContext http) =>
        {
            if (string.IsNullOrWhiteSpace(question.Message) || question.Message.Length > MaxMessageLength)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["message"] = [$"Ask a question of 1 to {MaxMessageLength} characters."],
                });
            }
            return Stream(store.For(ChatSignIn.UserOf(http), Session(http)), c => assistant.AskAsync(c, question.Message.Trim(), http.RequestAborted),
                http.RequestAborted);
        }).RequireAuthorization(ChatSignIn.Viewer);
        app.MapPost("/api/chat/confirm", (Confirmation confirmation, IAssistant assistant, ConversationStore store, HttpContext http) =>
            string.IsNullOrWhiteSpace(confirmation.ActionId) || confirmation.ActionId.Length > 64
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["actionId"] = ["The id of the action to confirm is required."] })
                : Stream(store.For(ChatSignIn.UserOf(http), Session(http)),
                    c => assistant.ConfirmAsync(c, confirmation.ActionId, confirmation.Approved, http.RequestAborted), http.RequestAborted))
            .RequireAuthorization(ChatSignIn.Operator);
        return app;
    }

    /// <summary>One turn at a time per conversation; the answer streams as it is produced, ending with a <c>done</c> chunk.</summary>
    private static ServerSentEventsResult<ChatChunk> Stream(Conversation conversation, Func<Conversation, IAsyncEnumerable<ChatChunk>> answer, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(SerializedAsync(conversation, answer, cancellationToken));

    private static async IAsyncEnumerable<ChatChunk> SerializedAsync(Conversation conversation, Func<Conversation, IAsyncEnumerable<ChatChunk>> answer,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await conversation.Turn.WaitAsync(cancellationToken);
        try
        {
            await foreach (var chunk in answer(conversation).WithCancellation(cancellationToken))
            {
                yield return chunk;
            }
            yield return new ChatChunk("done");
        }
        finally
        {
            conversation.Turn.Release();
        }
    }

    /// <summary>The browser session: a random id in an HTTP-only cookie.</summary>
    private static string Session(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(SessionCookie, out var id) && id.Length == 32 && id.All(char.IsAsciiHexDigit))
        {
            return id;
        }
        id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(SessionCookie, id, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        return id;
    }
}
