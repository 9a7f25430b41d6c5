using TemporalFlow.Adapters.Documents;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Core;
using TemporalFlow.Core.Ports;
using TemporalFlow.ServiceDefaults;
using TemporalFlow.Workflows.Documents.Activities;
using TemporalFlow.Workflows.Documents.Processing;
using TemporalFlow.Workflows.Documents.Workflows;
using Temporalio.Extensions.Hosting;

namespace TemporalFlow.Workflows.Documents;

public static class DocumentWorkerExtensions
{
    /// <summary>
    /// One process, two task queues: document processing on <c>document_processing_workflow-queue</c> and data processing on
    /// <c>data_processing_workflow-queue</c>. Both read through the document stores and write to PostgreSQL (migrated first).
    /// </summary>
    public static IHostApplicationBuilder AddDocumentWorker(this IHostApplicationBuilder builder)
    {
        builder.AddTemporalClient();
        builder.AddTemporalFlowDatabase();
        builder.AddDocumentStores();
        builder.Services.AddOptions<DocumentSettings>().BindConfiguration(DocumentSettings.SectionName)
            .Validate(s => s.MaxSizeBytes > 0 && s.MaxTextCharacters > 0, $"{DocumentSettings.SectionName}:MaxSizeBytes and MaxTextCharacters must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<DatasetSettings>().BindConfiguration(DatasetSettings.SectionName)
            .Validate(s => s.MaxSizeBytes > 0, $"{DatasetSettings.SectionName}:MaxSizeBytes must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IDocumentRecords, PostgresDocumentRecords>();
        builder.Services.AddSingleton<IDatasetResults, PostgresDatasetResults>();
        builder.Services.AddSingleton<DocumentProcessor>();
        builder.Services.AddSingleton<DatasetProcessor>();

        builder.Services.AddHostedTemporalWorker(TaskQueues.DocumentProcessing)
            .AddScopedActivities<DocumentActivities>()
            .AddWorkflow<DocumentProcessingWorkflow>();
        builder.Services.AddHostedTemporalWorker(TaskQueues.DataProcessing)
            .AddScopedActivities<DatasetActivities>()
            .AddWorkflow<DataProcessingWorkflow>();
        return builder;
    }
}
