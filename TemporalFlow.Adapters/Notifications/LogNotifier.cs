using Microsoft.Extensions.Logging;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Notifications;

/// <summary>Announces incidents as structured log records (Warning for high and critical): visible in the Aspire dashboard.</summary>
public sealed partial class LogNotifier(ILogger<LogNotifier> logger) : INotifier
{
    public string Channel => "log";

    public Task NotifyAsync(IncidentNotification notification, CancellationToken cancellationToken)
    {
        LogIncident(logger, notification.Severity >= IncidentSeverity.High ? LogLevel.Warning : LogLevel.Information,
            notification.Number, notification.Severity, notification.Level, notification.Title, notification.Service);
        return Task.CompletedTask;
    }

    [LoggerMessage(Message = "Incident {IncidentNumber} [{Severity}] notification level {EscalationLevel}: {Title} (service {Service})")]
    private static partial void LogIncident(ILogger logger, LogLevel level, string incidentNumber, IncidentSeverity severity, int escalationLevel,
        string title, string? service);
}
