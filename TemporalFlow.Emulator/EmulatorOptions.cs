using Microsoft.Extensions.Logging;

namespace TemporalFlow.Emulator;

/// <summary>Settings of the emulator; the flags follow <c>temporal server start-dev</c> where they overlap.</summary>
public sealed record EmulatorOptions
{
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The gRPC port; 0 picks a free one. Null defers to ASPNETCORE_URLS (how Aspire runs it), else 7233.</summary>
    public int? Port { get; init; }

    /// <summary>The port of Temporal's HTTP API and Web UI (<c>--ui-port</c>, as on <c>temporal server start-dev</c>); 0 picks a free one; none without it.</summary>
    public int? UiPort { get; init; }

    /// <summary>The built Web UI (<c>eng/temporal-ui/build</c>, <c>--ui-assets</c>), served on the UI port beside the HTTP API.</summary>
    public string? UiAssetsPath { get; init; }

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Custom search attributes registered in every namespace at start (<c>--search-attribute NAME=TYPE</c>, as the dev server takes them).</summary>
    public IReadOnlyDictionary<string, Temporalio.Api.Enums.V1.IndexedValueType> SearchAttributes { get; init; } =
        new Dictionary<string, Temporalio.Api.Enums.V1.IndexedValueType>();

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>How long an empty poll waits before answering; the SDK gives up after 70 s.</summary>
    public TimeSpan LongPollTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Lets tests skip virtual time: timers fire at once while nothing runs and skipping is unlocked.</summary>
    public bool TimeSkipping { get; init; }

    /// <summary>The real server's limits, its defaults unless changed (<c>--dynamic-config-value KEY=VALUE</c>).</summary>
    public EmulatorLimits Limits { get; init; } = new();

    /// <summary>
    /// Serve TLS with this PEM certificate (chain) and key (<c>--tls-cert-path</c>, <c>--tls-key-path</c>), as Temporal Cloud and a
    /// TLS-configured cluster do; plain HTTP/2 when not set.
    /// </summary>
    public string? TlsCertPath { get; init; }

    public string? TlsKeyPath { get; init; }

    /// <summary>
    /// Require this key as <c>authorization: Bearer KEY</c> on every call, as Temporal Cloud requires an API key; any other call
    /// answers <c>Unauthenticated</c>. The process reads it from <c>TEMPORAL_EMULATOR_API_KEY</c>, never from its arguments.
    /// </summary>
    public string? ApiKey { get; init; }

    public const string ApiKeyVariable = "TEMPORAL_EMULATOR_API_KEY";

    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        var namespaces = new List<string>();
        var searchAttributes = new Dictionary<string, Temporalio.Api.Enums.V1.IndexedValueType>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count
                ? args[++i]
                : throw new ArgumentException($"{args[i]} needs a value. Usage: --ip ADDRESS --port PORT --ui-port PORT --ui-assets DIR --namespace NAME --log-level debug|info|warn|error "
                    + "--dynamic-config-value KEY=VALUE --max-message-bytes BYTES --search-attribute NAME=TYPE --tls-cert-path PEM --tls-key-path PEM");
            switch (args[i])
            {
                case "--ip": options = options with { Ip = Value() }; break;
                case "--port" or "-p": options = options with { Port = ParsePort(Value()) }; break;
                case "--ui-port": options = options with { UiPort = ParsePort(Value()) }; break;
                case "--ui-assets": options = options with { UiAssetsPath = Value() }; break;
                case "--namespace" or "-n": namespaces.Add(Value()); break;
                case "--log-level": options = options with { LogLevel = ParseLogLevel(Value()) }; break;
                case "--dynamic-config-value": options = options with { Limits = options.Limits.With(Value()) }; break;
                case "--max-message-bytes": options = options with { Limits = options.Limits with { MaxMessageBytes = ParseBytes(Value()) } }; break;
                case "--search-attribute": AddSearchAttribute(searchAttributes, Value()); break;
                case "--tls-cert-path": options = options with { TlsCertPath = Value() }; break;
                case "--tls-key-path": options = options with { TlsKeyPath = Value() }; break;
                default: break; // Host settings such as --urls pass through to ASP.NET Core.
            }
        }
        if (options.TlsCertPath is null != options.TlsKeyPath is null)
        {
            throw new ArgumentException("--tls-cert-path and --tls-key-path go together: give both to serve TLS, or neither.");
        }
        return options with { Namespaces = namespaces, SearchAttributes = searchAttributes };
    }

    private static void AddSearchAttribute(Dictionary<string, Temporalio.Api.Enums.V1.IndexedValueType> attributes, string value)
    {
        var (name, type) = value.Split('=', 2) is [var n, var t] ? (n.Trim(), t.Trim()) : ("", "");
        if (name.Length == 0 || !Enum.TryParse<Temporalio.Api.Enums.V1.IndexedValueType>(type, ignoreCase: true, out var parsed)
            || parsed == Temporalio.Api.Enums.V1.IndexedValueType.Unspecified)
        {
            throw new ArgumentException($"--search-attribute {value}: give NAME=TYPE, TYPE one of Keyword, Text, Int, Double, Bool, Datetime, KeywordList.");
        }
        attributes[name] = parsed;
    }

    private static int ParsePort(string value) =>
        int.TryParse(value, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new ArgumentException($"'{value}' is not a port number (0-65535).");

    private static int ParseBytes(string value) =>
        int.TryParse(value, out var bytes) && bytes > 0 ? bytes : throw new ArgumentException($"--max-message-bytes '{value}' is not a positive number of bytes.");

    private static LogLevel ParseLogLevel(string value) => value.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" => LogLevel.Critical,
        _ => throw new ArgumentException($"--log-level '{value}' is not one of debug, info, warn, error, fatal."),
    };
}
