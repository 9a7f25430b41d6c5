using Microsoft.Extensions.AI;
using TemporalFlow.Chat.SignIn;

namespace TemporalFlow.Tests.Chat;

/// <summary>The chat with a scripted model under the real function-invocation pipeline, over live data.</summary>
public sealed class ScriptedModelChat : ChatHarness
{
    protected override IChatClient? ChatClient => new ScriptedChatClient();
}

public sealed class ChatAiModeTests(ScriptedModelChat chat) : IClassFixture<ScriptedModelChat>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public Task TheModelsToolCallsAnswerFromLiveData() => WithinAsync(async () =>
    {
        var number = await chat.OpenIncidentAsync("Search index is stale");

        var reply = await chat.AskAsync("Which incidents are open?");
        var mode = await chat.Http.GetStringAsync(new Uri("/api/chat/mode", UriKind.Relative));

        Assert.StartsWith("From the tools: [", reply.Text, StringComparison.Ordinal);
        Assert.Contains($"\"number\":\"{number}\"", reply.Text, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"ai\"", mode, StringComparison.Ordinal);
    });

    [Fact]
    public Task AnActionTheModelProposesRunsOnlyWhenTheUserApprovesIt() => WithinAsync(async () =>
    {
        var number = await chat.OpenIncidentAsync("Checkout error rate 4%");

        var proposed = await chat.AskAsync($"please ack {number}");
        var (actionId, description) = Assert.Single(proposed.Confirms);
        Assert.Equal($"acknowledge incident(incident: \"{number}\") as '{ChatSignIn.LocalUserName}'", description); // the model's "who" is not an argument
        await Task.Delay(500);
        Assert.Equal("open", await StateAsync(number));

        var declined = await chat.ConfirmAsync(actionId, approved: false);
        Assert.DoesNotContain("\"done\":true", declined.Text, StringComparison.Ordinal);
        Assert.Equal("open", await StateAsync(number));

        var again = await chat.AskAsync($"please ack {number}");
        var done = await chat.ConfirmAsync(again.Confirms[0].ActionId);
        Assert.Contains($"\"done\":true,\"message\":\"{number} acknowledged.\"", done.Text, StringComparison.Ordinal);
        await chat.WaitForAsync($"SELECT state FROM incidents WHERE number = '{number}'", s => s == "acknowledged");
        Assert.Equal(ChatSignIn.LocalUserName, await chat.WaitForAsync($"SELECT acknowledged_by FROM incidents WHERE number = '{number}'")); // not the model's "ai test"
    });

    private Task<string> StateAsync(string number) => chat.WaitForAsync($"SELECT state FROM incidents WHERE number = '{number}'");

    private static Task WithinAsync(Func<Task> test) => test().WaitAsync(Timeout);
}
