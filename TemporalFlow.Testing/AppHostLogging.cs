using Microsoft.Extensions.Logging;

namespace TemporalFlow.Testing;

/// <summary>Logging for an AppHost started by tests or benchmarks: its warnings and errors, not the dashboard's chatter.</summary>
public static class AppHostLogging
{
    /// <summary>
    /// Warnings and errors only (the AppHost's appsettings say Information); resource console output from
    /// <paramref name="resources"/> up, and none of PostgreSQL's or Azurite's.
    /// </summary>
    public static ILoggingBuilder ShowProblemsOnly(this ILoggingBuilder logging, LogLevel resources) => logging
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Aspire", LogLevel.Warning)
        .AddFilter("Polly", LogLevel.Warning)
        .AddFilter("System.Net.Http", LogLevel.Warning)
        .AddFilter("TemporalFlow.AppHost.Resources", resources)
        .AddFilter("TemporalFlow.AppHost.Resources.postgres", LogLevel.None)
        .AddFilter("TemporalFlow.AppHost.Resources.azurite", LogLevel.None)
        .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error);
}
