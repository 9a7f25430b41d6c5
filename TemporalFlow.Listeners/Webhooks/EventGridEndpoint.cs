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
    public static IResult Handshake(HttpRequest request, HttpResponse response)
    {
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
