using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Notifications;

public sealed class WebhookNotifierOptions
{
    public const string SectionName = "Incidents:Webhook";

    /// <summary>The incoming-webhook URL (Slack, Teams or any JSON receiver). A secret: it is never logged.</summary>
    public Uri? Url { get; set; }
}

/// <summary>
/// Posts incidents to an incoming webhook with a body Slack and Teams both accept (<c>text</c>, plus the incident as data).
/// A failure throws, so the activity retries with backoff; errors name the status, never the URL.
/// </summary>
public sealed class WebhookNotifier(HttpClient http, IOptions<WebhookNotifierOptions> options) : INotifier
{
    public const string HttpClientName = "incident-webhook";
    public const string SecretUrlOption = "TemporalFlow.SecretUrl";

    public string Channel => "webhook";

    public async Task NotifyAsync(IncidentNotification notification, CancellationToken cancellationToken)
    {
        var url = options.Value.Url ?? throw new InvalidOperationException(
            $"The webhook notifier is enabled but {WebhookNotifierOptions.SectionName}:Url is not set.");
        var key = notification.IdempotencyKey(Channel);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new { text = notification.Text, incident = notification, idempotencyKey = key }),
        };
        request.Headers.Add("Idempotency-Key", key);
        // Keeps the secret URL out of traces (ServiceDefaults filters requests carrying this option).
        request.Options.Set(new HttpRequestOptionsKey<bool>(SecretUrlOption), true);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The incident webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }
    }
}
