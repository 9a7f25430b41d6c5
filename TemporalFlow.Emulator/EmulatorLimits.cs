using System.Globalization;

namespace TemporalFlow.Emulator;

/// <summary>
/// The limits a self-hosted Temporal server applies by default (https://docs.temporal.io/self-hosted-guide/defaults), each
/// changed as <c>temporal server start-dev --dynamic-config-value KEY=VALUE</c> changes it, under the same key.
/// </summary>
public sealed record EmulatorLimits
{
    /// <summary>gRPC's limit on a message the server receives (grpc-go's default, which Temporal keeps): 4 MB.</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary><c>limit.blobSize.error</c>: any one payload (inputs, results, details, failures).</summary>
    public int BlobSizeError { get; init; } = 2 * 1024 * 1024;

    /// <summary><c>limit.memoSize.error</c>.</summary>
    public int MemoSizeError { get; init; } = 2 * 1024 * 1024;

    /// <summary><c>limit.historySize.error</c>: a run whose history grows past it is terminated.</summary>
    public long HistorySizeError { get; init; } = 50 * 1024 * 1024;

    /// <summary><c>limit.historyCount.error</c>: a run with more events is terminated.</summary>
    public int HistoryCountError { get; init; } = 50 * 1024;

    /// <summary><c>limit.historySize.suggestContinueAsNew</c>.</summary>
    public long HistorySizeSuggestContinueAsNew { get; init; } = 4 * 1024 * 1024;

    /// <summary><c>limit.historyCount.suggestContinueAsNew</c>.</summary>
    public int HistoryCountSuggestContinueAsNew { get; init; } = 4 * 1024;

    /// <summary><c>limit.numPendingActivities.error</c>.</summary>
    public int PendingActivities { get; init; } = 2000;

    /// <summary><c>limit.numPendingChildExecutions.error</c>.</summary>
    public int PendingChildExecutions { get; init; } = 2000;

    /// <summary><c>limit.numPendingSignals.error</c>: signals to other workflows not yet delivered.</summary>
    public int PendingSignals { get; init; } = 2000;

    /// <summary><c>limit.numPendingCancelRequests.error</c>: cancel requests to other workflows not yet delivered.</summary>
    public int PendingCancelRequests { get; init; } = 2000;

    /// <summary><c>history.maximumSignalsPerExecution</c>: signals one run accepts.</summary>
    public int MaxSignalsPerExecution { get; init; } = 10_000;

    /// <summary><c>limit.maxIDLength</c>: workflow ids and types, task queues, signal names, request ids, identities.</summary>
    public int MaxIdLength { get; init; } = 1000;

    /// <summary>Each dynamic-config key the emulator understands, and the limit it sets (the value is checked positive and at most int.MaxValue).</summary>
    private static readonly Dictionary<string, Func<EmulatorLimits, long, EmulatorLimits>> Settings = new(StringComparer.Ordinal)
    {
        ["limit.blobSize.error"] = (l, v) => l with { BlobSizeError = (int)v },
        ["limit.memoSize.error"] = (l, v) => l with { MemoSizeError = (int)v },
        ["limit.historySize.error"] = (l, v) => l with { HistorySizeError = v },
        ["limit.historyCount.error"] = (l, v) => l with { HistoryCountError = (int)v },
        ["limit.historySize.suggestContinueAsNew"] = (l, v) => l with { HistorySizeSuggestContinueAsNew = v },
        ["limit.historyCount.suggestContinueAsNew"] = (l, v) => l with { HistoryCountSuggestContinueAsNew = (int)v },
        ["limit.numPendingActivities.error"] = (l, v) => l with { PendingActivities = (int)v },
        ["limit.numPendingChildExecutions.error"] = (l, v) => l with { PendingChildExecutions = (int)v },
        ["limit.numPendingSignals.error"] = (l, v) => l with { PendingSignals = (int)v },
        ["limit.numPendingCancelRequests.error"] = (l, v) => l with { PendingCancelRequests = (int)v },
        ["history.maximumSignalsPerExecution"] = (l, v) => l with { MaxSignalsPerExecution = (int)v },
        ["limit.maxIDLength"] = (l, v) => l with { MaxIdLength = (int)v },
    };

    /// <summary>The keys <see cref="With"/> understands.</summary>
    public static IReadOnlyCollection<string> Keys => Settings.Keys;

    /// <summary>These limits with one dynamic-config value (<c>KEY=VALUE</c>) applied; an unknown key or a bad value is refused.</summary>
    public EmulatorLimits With(string setting)
    {
        var cut = setting.IndexOf('=', StringComparison.Ordinal);
        var (key, text) = cut > 0 ? (setting[..cut].Trim(), setting[(cut + 1)..].Trim()) : (setting, "");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is <= 0 or > int.MaxValue)
        {
            throw new ArgumentException($"--dynamic-config-value '{setting}': give KEY=VALUE with a positive whole number (bytes or a count).");
        }
        return Settings.TryGetValue(key, out var set)
            ? set(this, value)
            : throw new ArgumentException($"--dynamic-config-value '{setting}': the emulator knows {string.Join(", ", Keys)}; other keys are not emulated.");
    }
}
