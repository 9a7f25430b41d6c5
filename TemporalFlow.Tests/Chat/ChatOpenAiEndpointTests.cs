using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using TemporalFlow.Chat;
using TemporalFlow.Chat.Tools;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Chat;

/// <summary>The chat configured with an OpenAI-compatible endpoint (a loopback one), through the real OpenAI adapter.</summary>
public sealed class OpenAiEndpointChat : ChatHarness
{
    public const string ApiKey = TestSecrets.ChatApiKey;

    private LoopbackOpenAiEndpoint? endpoint;

    internal LoopbackOpenAiEndpoint Endpoint => endpoint!;

    protected override Dictionary<string, string> Settings => new()
    {
        ["Chat:Endpoint"] = endpoint!.BaseUrl,
        ["Chat:Model"] = "loopback-model",
        ["Chat:ApiKey"] = ApiKey,
    };

    protected override async Task StartDependenciesAsync() => endpoint = await LoopbackOpenAiEndpoint.StartAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (endpoint is not null)
        {
            await endpoint.DisposeAsync();
        }
    }
}

public sealed class ChatOpenAiEndpointTests(OpenAiEndpointChat chat) : IClassFixture<OpenAiEndpointChat>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public Task StreamedAnswersThroughThePageApiCallTheToolsAndKeepTheKeySecret() => WithinAsync(async () =>
    {
        var number = await chat.OpenIncidentAsync("Replica lag above 30 s");

        var reply = await chat.AskAsync("Which incidents are open?");
        var mode = await chat.Http.GetStringAsync(new Uri("/api/chat/mode", UriKind.Relative));

        Assert.StartsWith("Open incidents: [", reply.Text, StringComparison.Ordinal);
        Assert.Contains(number, reply.Text, StringComparison.Ordinal);
        Assert.Contains("\"model\":\"loopback-model\"", mode, StringComparison.Ordinal);
        Assert.Contains($"Bearer {OpenAiEndpointChat.ApiKey}", chat.Endpoint.Authorizations);
        Assert.NotEmpty(chat.Logs.Lines);
        Assert.DoesNotContain(chat.Logs.Lines, line => line.Contains(OpenAiEndpointChat.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(OpenAiEndpointChat.ApiKey, reply.Text + mode, StringComparison.Ordinal);
    });

    [Fact]
    public Task APlainRequestThroughTheSamePipelineCallsTheTools() => WithinAsync(async () =>
    {
        var number = await chat.OpenIncidentAsync("Cache hit rate dropped to 20%");
        var tools = chat.Services.GetRequiredService<TemporalFlowTools>();
        using var client = ChatExtensions.WithTools(ChatExtensions.ModelClient(new ChatSettings
        {
            Endpoint = chat.Endpoint.BaseUrl,
            Model = "loopback-model",
            ApiKey = OpenAiEndpointChat.ApiKey,
        }));

        var response = await client.GetResponseAsync("Which incidents are open?",
            new ChatOptions { Tools = [AIFunctionFactory.Create(tools.ListOpenIncidentsAsync, "list_open_incidents")] });

        Assert.StartsWith("Open incidents: [", response.Text, StringComparison.Ordinal);
        Assert.Contains(number, response.Text, StringComparison.Ordinal);
    });

    private static Task WithinAsync(Func<Task> test) => test().WaitAsync(Timeout);
}
