using TemporalFlow.Adapters.Notifications;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Core;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Core.Ports;
using TemporalFlow.ServiceDefaults;
using TemporalFlow.Workflows.Incident.Activities;
using TemporalFlow.Workflows.Incident.Workflows;
using Temporalio.Extensions.Hosting;

namespace TemporalFlow.Workflows.Incident;

public static class IncidentWorkerExtensions
{
    /// <summary>
    /// The incident management worker on <c>incident_workflow-queue</c>: settings from the <c>Incidents</c> section,
    /// the PostgreSQL incident store (migrated before work starts), and the log and webhook notifiers.
    /// </summary>
    public static IHostApplicationBuilder AddIncidentWorker(this IHostApplicationBuilder builder)
    {
        builder.AddTemporalClient();
        builder.AddTemporalFlowDatabase();

        builder.Services.AddOptions<IncidentSettings>().BindConfiguration(IncidentSettings.SectionName)
            .Validate(s => s.Notifiers.All(n => n is "log" or "webhook"), $"{IncidentSettings.SectionName}:Notifiers may name only log and webhook.")
            .ValidateOnStart();
        builder.Services.AddOptions<WebhookNotifierOptions>().BindConfiguration(WebhookNotifierOptions.SectionName);
        var notifiers = builder.Configuration.GetSection($"{IncidentSettings.SectionName}:Notifiers").Get<List<string>>() ?? [];
        if (notifiers.Contains("webhook") && builder.Configuration[$"{WebhookNotifierOptions.SectionName}:Url"] is not { Length: > 0 })
        {
            throw new InvalidOperationException(
                $"{IncidentSettings.SectionName}:Notifiers includes webhook but {WebhookNotifierOptions.SectionName}:Url is not set: set the URL (AppHost parameter incident-webhook-url) or remove webhook.");
        }
        builder.Services.AddSingleton<IIncidentStore, PostgresIncidentStore>();
        builder.Services.AddSingleton<INotifier, LogNotifier>();
        // The webhook URL is a secret: this client logs nothing about its requests.
        builder.Services.AddHttpClient<INotifier, WebhookNotifier>(WebhookNotifier.HttpClientName).RemoveAllLoggers();

        builder.Services.AddHostedTemporalWorker(TaskQueues.Incident)
            .AddScopedActivities<IncidentActivities>()
            .AddWorkflow<IncidentWorkflow>();
        return builder;
    }
}
