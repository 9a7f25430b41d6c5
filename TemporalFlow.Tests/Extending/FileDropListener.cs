using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Listeners;

namespace TemporalFlow.Tests.Extending;

/// <summary>
/// The worked example of docs/event-sources.md, "Adding an event source": events dropped as <c>*.json</c> files into a folder.
/// A file is deleted only once Temporal accepted its event (at-least-once, like every listener); a file that is not a valid
/// event is moved to <c>rejected/</c> beside a <c>.reason</c> file (a dead letter with its reason).
/// </summary>
public sealed partial class FileDropListener(IEventDelivery delivery, IConfiguration configuration, TimeProvider clock, ILogger<FileDropListener> logger)
    : BackgroundService
{
    /// <summary>Its definition: what the registry entry would be (<c>ListenerRegistry.All</c>) for a listener of this repository.</summary>
    public static readonly ListenerDefinition Definition = new(
        Name: "file-drop",
        EnabledBy: "DROP_FOLDER",
        Unconfigured:
        [
            "DROP_FOLDER environment variable is not set",
            "File drop listener will not start without a folder",
            "To enable it, set DROP_FOLDER to the folder events are dropped into",
        ],
        Settings: [new("DROP_FOLDER", "drop-folder")],
        Register: builder => builder.Services.AddHostedService<FileDropListener>());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = configuration["DROP_FOLDER"]!;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                await HandleAsync(file, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(string file, CancellationToken cancellationToken)
    {
        var parsed = TryParse(await File.ReadAllBytesAsync(file, cancellationToken));
        if (parsed.Event is not { } flowEvent || !parsed.IsValid)
        {
            var rejected = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(file)!, "rejected")).FullName;
            await File.WriteAllTextAsync(Path.Combine(rejected, Path.GetFileName(file) + ".reason"), parsed.Reason, cancellationToken);
            File.Move(file, Path.Combine(rejected, Path.GetFileName(file)), overwrite: true);
            LogRejected(logger, Path.GetFileName(file), parsed.Reason);
            return;
        }
        try
        {
            await delivery.DeliverAsync(flowEvent, cancellationToken);
            File.Delete(file); // acknowledged only now: a crash before this delivers the same event (same id) again
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotDelivered(logger, Path.GetFileName(file), ex.Message); // the file stays: the next tick tries again
        }
    }

    private EventParseResult TryParse(byte[] bytes)
    {
        try
        {
            using var json = JsonDocument.Parse(bytes);
            return EventParser.Parse(json.RootElement.Clone(), clock.GetUtcNow());
        }
        catch (JsonException ex)
        {
            return EventParseResult.Invalid([new EventError("$", $"not JSON ({ex.Message})")]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped file {File} is not a valid event: {Reason}")]
    private static partial void LogRejected(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped file {File} was not delivered, will retry: {Reason}")]
    private static partial void LogNotDelivered(ILogger logger, string file, string reason);
}
