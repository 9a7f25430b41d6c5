using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Chat.Ai;
using TemporalFlow.Chat.Conversations;
using TemporalFlow.Chat.SignIn;
using TemporalFlow.Chat.Simple;
using TemporalFlow.Chat.Tools;
using TemporalFlow.Core.Ports;
using TemporalFlow.ServiceDefaults;

namespace TemporalFlow.Chat;

/// <summary>Settings of the AI mode (section <c>Chat</c>); without an endpoint and a model the simple mode runs.</summary>
public sealed class ChatSettings
{
    public const string SectionName = "Chat";

    /// <summary>An OpenAI-compatible base URL: https://api.openai.com/v1, an Azure OpenAI …/openai/v1 URL, or a local server.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string? Model { get; set; }

    public bool AiEnabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}

public static class ChatExtensions
{
    /// <summary>The chat as a web application (the process's, or a test's on a loopback port with its own model client).</summary>
    public static WebApplication BuildChatApp(string[] args, string? webRoot = null, IChatClient? chatClient = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = webRoot });
        builder.AddServiceDefaults();
        builder.AddChatSignIn();
        builder.AddChat(chatClient);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.UseChatSignIn();
        app.MapChat();
        return app;
    }

    public const string TelemetrySource = $"{OpenTelemetryExtensions.TelemetryPrefix}.Chat";

    /// <summary>The chat: live-data tools over the ledger and incident ports (PostgreSQL) and Temporal, the simple mode, or the AI mode when a model is configured.</summary>
    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder, IChatClient? chatClient = null)
    {
        builder.AddTemporalClient();
        builder.AddNpgsqlDataSource("temporalflow");
        builder.AddTemporalEventDelivery(claimCheck: false); // what a conversation submits is small; the chat's role only reads
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddSingleton<IEventLedger, PostgresEventLedger>();
        builder.Services.AddSingleton<IIncidentStore, PostgresIncidentStore>();
        builder.Services.AddSingleton<TemporalFlowTools>();
        var settings = builder.Configuration.GetSection(ChatSettings.SectionName).Get<ChatSettings>() ?? new ChatSettings();
        if (chatClient is null && !settings.AiEnabled)
        {
            builder.Services.AddSingleton<IAssistant, SimpleAssistant>();
            return builder;
        }
        var client = WithTools(chatClient ?? ModelClient(settings));
        builder.Services.AddSingleton<IAssistant>(sp => new AiAssistant(client, sp.GetRequiredService<TemporalFlowTools>(), settings.Model ?? "scripted"));
        return builder;
    }

    /// <summary>Any OpenAI-compatible endpoint (OpenAI, Azure OpenAI's v1 API, a local server) through the official OpenAI client.</summary>
    public static IChatClient ModelClient(ChatSettings settings) =>
        new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(settings.ApiKey) ? "none" : settings.ApiKey),
                new OpenAIClientOptions { Endpoint = new Uri(settings.Endpoint!) })
            .GetChatClient(settings.Model!).AsIChatClient();

    /// <summary>The pipeline around the model: tools are invoked (approval-required ones only once approved), calls traced.</summary>
    public static IChatClient WithTools(IChatClient model) =>
        // Prompts and answers stay out of telemetry (sensitive data off): they may quote incidents.
        new ChatClientBuilder(model).UseFunctionInvocation().UseOpenTelemetry(sourceName: TelemetrySource).Build();
}
