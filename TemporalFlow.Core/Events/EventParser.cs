using System.Text.Json;

namespace TemporalFlow.Core.Events;

/// <summary>
/// Limits on what an event may carry. <paramref name="CheckResourceUris"/>: apply <see cref="ResourceUris"/> to every field that
/// names a resource (off only for orchestrator runs that began before the rules existed, so they replay as they ran).
/// </summary>
public sealed record EventLimits(int MaxEventBytes = 256 * 1024, int MaxIdentifierLength = 256, bool CheckResourceUris = true)
{
    /// <summary>The rules before resource URIs were checked: only a <c>document-*</c> event's <c>documentUri</c> had to parse.</summary>
    public static EventLimits WithoutResourceUriRules { get; } = new(CheckResourceUris: false);

    public static EventLimits Default { get; } = new();
}

/// <summary>
/// Turns event JSON (the flat TemporalFlow shape, or a CloudEvents 1.0 structured event) into a <see cref="FlowEvent"/>,
/// naming every bad field. Pure and deterministic, so workflows may call it.
/// </summary>
public static class EventParser
{
    private static readonly string[] CloudEventAttributes = ["specversion", "type", "source", "id", "subject", "time", "data", "datacontenttype"];

    public static EventParseResult Parse(JsonElement json, DateTimeOffset receivedAt, EventLimits? limits = null)
    {
        limits ??= EventLimits.Default;
        if (json.ValueKind != JsonValueKind.Object)
        {
            return EventParseResult.Invalid([new("$", $"an event must be a JSON object, not {Describe(json.ValueKind)}")]);
        }
        var size = json.GetRawText().Length;
        if (size > limits.MaxEventBytes)
        {
            return EventParseResult.Invalid([new("$", $"the event is {size} bytes, over the {limits.MaxEventBytes}-byte limit")]);
        }
        return json.TryGetProperty("specversion", out _) ? ParseCloudEvent(json, receivedAt, limits) : ParseFlat(json, receivedAt, limits);
    }

    private static EventParseResult ParseFlat(JsonElement json, DateTimeOffset receivedAt, EventLimits limits)
    {
        var errors = new List<EventError>();
        var eventType = RequiredString(json, EventFields.EventType, limits, errors);
        var source = OptionalString(json, EventFields.Source, limits, errors);
        var subject = OptionalString(json, EventFields.Subject, limits, errors);
        var eventId = OptionalString(json, EventFields.EventId, limits, errors) ?? EventIds.Derive(json);
        receivedAt = OptionalTime(json, EventFields.ReceivedAt, errors) ?? receivedAt;
        var payload = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name is not (EventFields.EventType or EventFields.Source or EventFields.EventId or EventFields.ReceivedAt or EventFields.Subject))
            {
                payload[property.Name] = property.Value.Clone();
            }
        }
        return Finish(eventId, eventType, source, subject, receivedAt, payload, errors, limits);
    }

    private static EventParseResult ParseCloudEvent(JsonElement json, DateTimeOffset receivedAt, EventLimits limits)
    {
        var errors = new List<EventError>();
        var specVersion = RequiredString(json, "specversion", limits, errors);
        if (specVersion is not null && specVersion != "1.0")
        {
            errors.Add(new("specversion", $"CloudEvents {specVersion} is not supported; use 1.0"));
        }
        var eventType = RequiredString(json, "type", limits, errors);
        var source = RequiredString(json, "source", limits, errors);
        var id = RequiredString(json, "id", limits, errors);
        var subject = OptionalString(json, "subject", limits, errors);
        var payload = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (json.TryGetProperty("time", out var time))
        {
            payload["time"] = time.Clone();
        }
        if (json.TryGetProperty("data", out var data))
        {
            if (data.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in data.EnumerateObject())
                {
                    payload[property.Name] = property.Value.Clone();
                }
            }
            else
            {
                payload["data"] = data.Clone();
            }
        }
        foreach (var property in json.EnumerateObject().Where(p => !CloudEventAttributes.Contains(p.Name)))
        {
            payload[property.Name] = property.Value.Clone(); // extension attributes
        }
        // CloudEvents ids are unique per source, so both make the id.
        var eventId = id is null || source is null ? "" : EventIds.Derive(JsonSerializer.SerializeToElement(new { source, id }));
        return Finish(eventId, eventType, source, subject, receivedAt, payload, errors, limits);
    }

    private static EventParseResult Finish(string eventId, string? eventType, string? source, string? subject, DateTimeOffset receivedAt,
        Dictionary<string, JsonElement> payload, List<EventError> errors, EventLimits limits)
    {
        if (limits.CheckResourceUris)
        {
            foreach (var field in ResourceUris.Fields)
            {
                ValidateResourceUri(payload, field, errors);
            }
        }
        else if (eventType is not null && eventType.StartsWith("document-", StringComparison.OrdinalIgnoreCase))
        {
            ValidateResourceUri(payload, EventFields.DocumentUri, errors, shapeOnly: true);
        }
        return errors.Count > 0
            ? EventParseResult.Invalid(errors)
            : EventParseResult.Valid(new FlowEvent(eventId, eventType!, source, receivedAt, payload, subject));
    }

    private static void ValidateResourceUri(Dictionary<string, JsonElement> payload, string field, List<EventError> errors, bool shapeOnly = false)
    {
        if (!payload.TryGetValue(field, out var uri))
        {
            return; // Required or not is the target workflow's declaration; a present one must parse.
        }
        if (uri.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(field, $"must be a string, not {Describe(uri.ValueKind)}"));
        }
        else if (!DocumentUris.TryParse(uri.GetString(), out _))
        {
            errors.Add(new(field, $"'{Truncate(uri.GetString())}' is not a document URI (s3://bucket/key, https://..., file://...)"));
        }
        else if (!shapeOnly && ResourceUris.Problem(uri.GetString()) is { } problem)
        {
            errors.Add(new(field, $"'{Truncate(uri.GetString())}' {problem}"));
        }
    }

    private static string? RequiredString(JsonElement json, string field, EventLimits limits, List<EventError> errors)
    {
        if (!json.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(field, "is required"));
            return null;
        }
        var text = StringValue(field, value, limits, errors);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new(field, "must not be empty or blank"));
            return null;
        }
        return text;
    }

    private static string? OptionalString(JsonElement json, string field, EventLimits limits, List<EventError> errors) =>
        json.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? StringValue(field, value, limits, errors) : null;

    private static string? StringValue(string field, JsonElement value, EventLimits limits, List<EventError> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(field, $"must be a string, not {Describe(value.ValueKind)}"));
            return null;
        }
        var text = value.GetString()!;
        if (text.Length > limits.MaxIdentifierLength)
        {
            errors.Add(new(field, $"is {text.Length} characters, over the {limits.MaxIdentifierLength}-character limit"));
            return null;
        }
        return text;
    }

    private static DateTimeOffset? OptionalTime(JsonElement json, string field, List<EventError> errors)
    {
        if (!json.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time))
        {
            return time;
        }
        errors.Add(new(field, "must be an RFC 3339 timestamp string"));
        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "...";
}
