using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TemporalFlow.Listeners.Webhooks;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>Signed incident events to <c>/webhook</c>, retried as a well-behaved caller does after <c>429</c> or <c>503</c>.</summary>
internal sealed class WebhookLoad(HttpClient http, string runId) : LoadSource("webhook")
{
    private const int MaxAttempts = 5;

    public override int BatchSize => 1;

    /// <summary>What every event id of a run starts with (the ledger rows of the run are found by it).</summary>
    public static string EventIdPrefix(string runId) => $"load-{runId}-";

    public override async Task SendAsync(long first, int count, DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var eventId = $"{EventIdPrefix(runId)}{first}";
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            eventId,
            eventType = "incident",
            source = "monitoring",
            severity = "low",
            service = "load-benchmark",
            message = $"Load run {runId}: synthetic incident #{first}",
        });
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(LoadApplication.WebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    CountAccepted(eventId, scheduledAt);
                    return;
                }
                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || attempt == MaxAttempts)
                {
                    CountFailure(1, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    return;
                }
                CountRetry($"{(int)response.StatusCode}");
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (HttpRequestException e) when (attempt < MaxAttempts)
            {
                CountRetry(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
