using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Microsoft.Extensions.Options;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// Azure Event Grid deliveries, in the Event Grid schema (with the SubscriptionValidation handshake) or the CloudEvents
/// schema (with the OPTIONS handshake). BlobCreated becomes <c>document-added</c> with the blob URL; the Event Grid event id
/// becomes the event id, so a redelivery is recognised.
/// </summary>
internal static class EventGridEndpoint
{
    public const string KeyHeader = "X-TemporalFlow-Key";

    public static IResult Handshake(HttpRequest request, HttpResponse response, IOptions<WebhookOptions> options)
    {
        if (Unauthorized(request, options.Value) is { } refused)
        {
            return refused;
        }
        var origin = request.Headers["WebHook-Request-Origin"].FirstOrDefault();
        if (string.IsNullOrEmpty(origin))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebHook-Request-Origin is required.");
        }
        response.Headers["WebHook-Allowed-Origin"] = origin;
        response.Headers["WebHook-Allowed-Rate"] = "*";
        return Results.Ok();
    }

    public static async Task<IResult> HandleAsync(HttpRequest request, EventSubmitter submitter, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        if (Unauthorized(request, options.Value) is { } refused)
        {
            return refused;
        }
        var body = await RequestBody.ReadAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return RequestBody.TooLarge(options.Value.MaxBodyBytes);
        }
        var isCloudEvents = request.ContentType?.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase) == true;
        try
        {
            return isCloudEvents
                ? await SubmitAsync(CloudEvent.ParseMany(BinaryData.FromBytes(body)).Select(EventGridMapping.FromCloudEvent), submitter, cancellationToken)
                : await HandleEventGridSchemaAsync(EventGridEvent.ParseMany(BinaryData.FromBytes(body)), submitter, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [$"not an Event Grid delivery: {ex.Message}"] });
        }
    }

    /// <summary>401 when a key is configured and the request does not carry it (the answer never says what was expected).</summary>
    private static IResult? Unauthorized(HttpRequest request, WebhookOptions options)
    {
        if (options.EventGridKey is not { } key)
        {
            return null;
        }
        var given = request.Headers[KeyHeader].ToString();
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(key))
            ? null
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Event Grid delivery not authenticated.",
                detail: $"Configure the subscription's delivery properties with the secret header {KeyHeader} (EVENTGRID_KEY).");
    }

    private static async Task<IResult> HandleEventGridSchemaAsync(EventGridEvent[] events, EventSubmitter submitter, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            if (e.TryGetSystemEventData(out var data) && data is SubscriptionValidationEventData validation)
            {
                return Results.Ok(new { validationResponse = validation.ValidationCode });
            }
        }
        return await SubmitAsync(events.Select(EventGridMapping.FromEventGridEvent), submitter, cancellationToken);
    }

    private static Task<IResult> SubmitAsync(IEnumerable<JsonElement> events, EventSubmitter submitter, CancellationToken cancellationToken) =>
        submitter.SubmitAsync([.. events], cancellationToken);
}
