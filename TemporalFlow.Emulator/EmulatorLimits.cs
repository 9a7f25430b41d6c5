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

    /// <summary>The keys <see cref="With"/> understands.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "limit.blobSize.error", "limit.memoSize.error", "limit.historySize.error", "limit.historyCount.error",
        "limit.historySize.suggestContinueAsNew", "limit.historyCount.suggestContinueAsNew", "limit.numPendingActivities.error",
        "limit.numPendingChildExecutions.error", "limit.numPendingSignals.error", "limit.numPendingCancelRequests.error", "history.maximumSignalsPerExecution", "limit.maxIDLength",
    ];

    /// <summary>These limits with one dynamic-config value (<c>KEY=VALUE</c>) applied; an unknown key or a bad value is refused.</summary>
    public EmulatorLimits With(string setting)
    {
        var cut = setting.IndexOf('=', StringComparison.Ordinal);
        var (key, text) = cut > 0 ? (setting[..cut].Trim(), setting[(cut + 1)..].Trim()) : (setting, "");
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is <= 0 or > int.MaxValue)
        {
            throw new ArgumentException($"--dynamic-config-value '{setting}': give KEY=VALUE with a positive whole number (bytes or a count).");
        }
        var number = (int)value;
        return key switch
        {
            "limit.blobSize.error" => this with { BlobSizeError = number },
            "limit.memoSize.error" => this with { MemoSizeError = number },
            "limit.historySize.error" => this with { HistorySizeError = value },
            "limit.historyCount.error" => this with { HistoryCountError = number },
            "limit.historySize.suggestContinueAsNew" => this with { HistorySizeSuggestContinueAsNew = value },
            "limit.historyCount.suggestContinueAsNew" => this with { HistoryCountSuggestContinueAsNew = number },
            "limit.numPendingActivities.error" => this with { PendingActivities = number },
            "limit.numPendingChildExecutions.error" => this with { PendingChildExecutions = number },
            "limit.numPendingSignals.error" => this with { PendingSignals = number },
            "limit.numPendingCancelRequests.error" => this with { PendingCancelRequests = number },
            "history.maximumSignalsPerExecution" => this with { MaxSignalsPerExecution = number },
            "limit.maxIDLength" => this with { MaxIdLength = number },
            _ => throw new ArgumentException(
                $"--dynamic-config-value '{setting}': the emulator knows {string.Join(", ", Keys)}; other keys are not emulated."),
        };
    }
}
