using System.Text.Json;
using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;

namespace TemporalFlow.Emulator.Engine;

/// <summary>
/// Search attributes as a self-hosted server with SQL visibility keeps them: custom ones are registered per namespace through
/// the OperatorService (as many of each type as SQL visibility has columns for), a handful of predefined ones may be set by
/// anyone, the system ones by nobody, and anything else is refused with the server's own message.
/// https://docs.temporal.io/search-attribute#custom-search-attribute
/// </summary>
internal sealed class SearchAttributeRegistry
{
    /// <summary>The custom columns SQL visibility has per type (schema v3): the most that can be registered in a namespace.</summary>
    private static readonly Dictionary<IndexedValueType, int> Slots = new()
    {
        [IndexedValueType.Bool] = 3,
        [IndexedValueType.Datetime] = 3,
        [IndexedValueType.Double] = 3,
        [IndexedValueType.Int] = 3,
        [IndexedValueType.Keyword] = 10,
        [IndexedValueType.Text] = 3,
        [IndexedValueType.KeywordList] = 3,
    };

    private static readonly Dictionary<string, IndexedValueType> System = new(StringComparer.Ordinal)
    {
        ["WorkflowId"] = IndexedValueType.Keyword,
        ["RunId"] = IndexedValueType.Keyword,
        ["WorkflowType"] = IndexedValueType.Keyword,
        ["StartTime"] = IndexedValueType.Datetime,
        ["ExecutionTime"] = IndexedValueType.Datetime,
        ["CloseTime"] = IndexedValueType.Datetime,
        ["ExecutionStatus"] = IndexedValueType.Keyword,
        ["TaskQueue"] = IndexedValueType.Keyword,
        ["HistoryLength"] = IndexedValueType.Int,
        ["ExecutionDuration"] = IndexedValueType.Int,
        ["StateTransitionCount"] = IndexedValueType.Int,
        ["HistorySizeBytes"] = IndexedValueType.Int,
        ["ParentWorkflowId"] = IndexedValueType.Keyword,
        ["ParentRunId"] = IndexedValueType.Keyword,
        ["RootWorkflowId"] = IndexedValueType.Keyword,
        ["RootRunId"] = IndexedValueType.Keyword,
    };

    /// <summary>The predefined attributes a user may set (the SDKs' patch markers among them).</summary>
    private static readonly Dictionary<string, IndexedValueType> Predefined = new(StringComparer.Ordinal)
    {
        ["TemporalChangeVersion"] = IndexedValueType.KeywordList,
        ["BinaryChecksums"] = IndexedValueType.KeywordList,
        ["BuildIds"] = IndexedValueType.KeywordList,
        ["BatcherNamespace"] = IndexedValueType.Keyword,
        ["BatcherUser"] = IndexedValueType.Keyword,
        ["TemporalScheduledStartTime"] = IndexedValueType.Datetime,
        ["TemporalScheduledById"] = IndexedValueType.Keyword,
        ["TemporalSchedulePaused"] = IndexedValueType.Bool,
        ["TemporalNamespaceDivision"] = IndexedValueType.Keyword,
        ["TemporalPauseInfo"] = IndexedValueType.KeywordList,
        ["TemporalReportedProblems"] = IndexedValueType.KeywordList,
    };

    private readonly Lock sync = new();
    private readonly Dictionary<string, Dictionary<string, IndexedValueType>> custom = new(StringComparer.Ordinal);

    /// <summary>Registers custom attributes; one that exists already is left as it is (the server logs it and goes on).</summary>
    public AddSearchAttributesResponse Add(AddSearchAttributesRequest request)
    {
        if (request.SearchAttributes.Count == 0)
        {
            throw RpcErrors.InvalidArgument("SearchAttributes are not set on request.");
        }
        var ns = RpcErrors.Required(request.Namespace, "Namespace");
        lock (sync)
        {
            var registered = CustomOf(ns);
            foreach (var (name, type) in request.SearchAttributes)
            {
                if (System.ContainsKey(name) || Predefined.ContainsKey(name) || name.StartsWith("Temporal", StringComparison.Ordinal))
                {
                    throw RpcErrors.InvalidArgument($"Search attribute {name} is reserved by system.");
                }
                if (!Slots.TryGetValue(type, out var slots))
                {
                    throw RpcErrors.InvalidArgument($"Unknown search attribute type: {type}.");
                }
                if (!registered.ContainsKey(name) && registered.Values.Count(t => t == type) >= slots)
                {
                    throw RpcErrors.InvalidArgument($"Unable to create search attributes: cannot have more than {slots} search attribute of type {type}.");
                }
                registered.TryAdd(name, type);
            }
        }
        return new AddSearchAttributesResponse();
    }

    public RemoveSearchAttributesResponse Remove(RemoveSearchAttributesRequest request)
    {
        var ns = RpcErrors.Required(request.Namespace, "Namespace");
        lock (sync)
        {
            var registered = CustomOf(ns);
            foreach (var name in request.SearchAttributes)
            {
                if (!registered.Remove(name))
                {
                    throw RpcErrors.NotFound($"Search attribute {name} doesn't exist.");
                }
            }
        }
        return new RemoveSearchAttributesResponse();
    }

    public ListSearchAttributesResponse List(ListSearchAttributesRequest request)
    {
        var ns = RpcErrors.Required(request.Namespace, "Namespace");
        var response = new ListSearchAttributesResponse();
        lock (sync)
        {
            response.CustomAttributes.Add(CustomOf(ns));
        }
        response.SystemAttributes.Add(System);
        response.SystemAttributes.Add(Predefined);
        return response;
    }

    /// <summary>The type of a system, predefined or registered attribute of the namespace; null when it has none of that name.</summary>
    public IndexedValueType? TypeOf(string ns, string name)
    {
        lock (sync)
        {
            return System.TryGetValue(name, out var type) || Predefined.TryGetValue(name, out type) || CustomOf(ns).TryGetValue(name, out type)
                ? type
                : null;
        }
    }

    /// <summary>Null when every attribute may be written in the namespace; else the server's reason (an invalid argument).</summary>
    public string? Problem(string ns, SearchAttributes? attributes)
    {
        if (attributes is null || attributes.IndexedFields.Count == 0)
        {
            return null;
        }
        lock (sync)
        {
            var registered = CustomOf(ns);
            foreach (var name in attributes.IndexedFields.Keys)
            {
                if (System.ContainsKey(name))
                {
                    return $"{name} attribute can't be set in SearchAttributes";
                }
                if (!Predefined.TryGetValue(name, out var type) && !registered.TryGetValue(name, out type))
                {
                    return $"search attribute {name} is not defined";
                }
                if (!Fits(attributes.IndexedFields[name], type, out var value))
                {
                    return $"invalid value for search attribute {name} of type {type}: {value}";
                }
            }
        }
        return null;
    }

    /// <summary>Throws the server's InvalidArgument when <see cref="Problem"/> finds one.</summary>
    public void Validate(string ns, SearchAttributes? attributes)
    {
        if (Problem(ns, attributes) is { } problem)
        {
            throw RpcErrors.InvalidArgument(problem);
        }
    }

    /// <summary>Whether a value (JSON, as the SDKs encode search attributes) is of the type; an empty list unsets any attribute.</summary>
    private static bool Fits(Payload payload, IndexedValueType type, out string shown)
    {
        shown = payload.Data.ToStringUtf8();
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(payload.Data.Memory).RootElement;
        }
        catch (JsonException)
        {
            return false;
        }
        if (json.ValueKind == JsonValueKind.Array && json.GetArrayLength() == 0)
        {
            return true;
        }
        bool Is(JsonElement v) => type switch
        {
            IndexedValueType.Keyword or IndexedValueType.Text or IndexedValueType.KeywordList => v.ValueKind == JsonValueKind.String,
            IndexedValueType.Int => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
            IndexedValueType.Double => v.ValueKind == JsonValueKind.Number,
            IndexedValueType.Bool => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
            IndexedValueType.Datetime => v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out _),
            _ => false,
        };
        // A list holds values of its type; the server also takes a one-item list for a scalar, as older SDKs sent them.
        return json.ValueKind == JsonValueKind.Array ? json.EnumerateArray().All(Is) : Is(json);
    }

    private Dictionary<string, IndexedValueType> CustomOf(string ns)
    {
        if (!custom.TryGetValue(ns, out var registered))
        {
            custom[ns] = registered = new Dictionary<string, IndexedValueType>(StringComparer.Ordinal);
        }
        return registered;
    }
}
