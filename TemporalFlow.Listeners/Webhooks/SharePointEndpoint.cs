using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// SharePoint webhooks: the subscription handshake (echo <c>validationtoken</c> as text/plain within 5 seconds) and change
/// notifications, accepted only with the configured clientState and turned into <c>document-changed</c> events
/// (source <c>sharepoint</c>) that name the changed list.
/// </summary>
internal static class SharePointEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, EventSubmitter submitter, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var token = request.Query["validationtoken"].FirstOrDefault() ?? request.Query["validationToken"].FirstOrDefault();
        if (token is not null)
        {
            return Results.Text(token, "text/plain", Encoding.UTF8, StatusCodes.Status200OK);
        }
        var settings = options.Value;
        var body = await RequestBody.ReadAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return RequestBody.TooLarge(settings.MaxBodyBytes);
        }
        if (!RequestBody.TryParseEvents(body, out var parsed, out var error))
        {
            return RequestBody.BadJson(error!);
        }
        if (parsed[0].ValueKind != JsonValueKind.Object || !parsed[0].TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["value"] = ["a SharePoint notification carries a 'value' array"] });
        }

        var events = new List<JsonElement>();
        foreach (var notification in value.EnumerateArray())
        {
            if (!ClientStateMatches(notification, settings.SharePointClientState))
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown subscription.",
                    detail: "The notification's clientState does not match this listener's.");
            }
            events.Add(JsonSerializer.SerializeToElement(new
            {
                eventType = "document-changed",
                source = "sharepoint",
                subscriptionId = Text(notification, "subscriptionId"),
                resource = Text(notification, "resource"),
                siteUrl = Text(notification, "siteUrl"),
                tenantId = Text(notification, "tenantId"),
                webId = Text(notification, "webId"),
                expirationDateTime = Text(notification, "expirationDateTime"),
            }));
        }
        return await submitter.SubmitAsync(events, cancellationToken);
    }

    private static bool ClientStateMatches(JsonElement notification, string? expected)
    {
        if (string.IsNullOrEmpty(expected))
        {
            return true; // no clientState configured: the listener warned about it at start
        }
        var given = Text(notification, "clientState") ?? "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
