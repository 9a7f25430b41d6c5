using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;

namespace TemporalFlow.Tests.Support;

/// <summary>
/// Every log line written in the test process while the suite runs: by any host through the EventSource provider that the
/// default builders add (the AppHost's resource output included), and by the harnesses that capture their own logs
/// (<see cref="CapturedLogs"/> forwards here). With <c>TEMPORALFLOW_SUITE_LOG</c> set (the test command sets it) the lines are
/// appended to that file, which <c>SuiteLogScanTests</c> reads after the rest of the suite has run.
/// </summary>
internal sealed class SuiteLogs : EventListener
{
    public const string FileVariable = "TEMPORALFLOW_SUITE_LOG";
    // Microsoft-Extensions-Logging's keywords: Message (2) carries the exception, FormattedMessage (4) the rendered text.
    private const EventKeywords MessageAndFormattedMessage = (EventKeywords)(2 | 4);

    private static readonly ConcurrentQueue<string> InMemory = new();
    private static readonly Lock FileGate = new();
    private static readonly StreamWriter? File = Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } path
        ? new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true }
        : null;

    private static SuiteLogs? listener;

    /// <summary>This process's lines (the file holds every process's of the run).</summary>
    public static IEnumerable<string> Lines => InMemory;

    [ModuleInitializer]
    internal static void Start() => listener ??= new SuiteLogs();

    public static void Record(string line)
    {
        InMemory.Enqueue(line);
        if (File is { } file)
        {
            lock (FileGate)
            {
                file.WriteLine(line.ReplaceLineEndings(" ⏎ "));
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Extensions-Logging")
        {
            EnableEvents(eventSource, EventLevel.Verbose, MessageAndFormattedMessage);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
        {
            return;
        }
        object? Field(string name) => names.IndexOf(name) is >= 0 and var i ? payload[i] : null;
        var text = eventData.EventName switch
        {
            "FormattedMessage" => Field("FormattedMessage")?.ToString(),
            "Message" => Field("Exception") is IDictionary<string, object> exception && exception.TryGetValue("VerboseMessage", out var verbose)
                && verbose is string { Length: > 0 } detail ? $"exception {detail}" : null,
            _ => null,
        };
        if (text is not null)
        {
            Record($"{Field("Level")} {Field("LoggerName")}: {text}");
        }
    }
}
