namespace TemporalFlow.Core;

/// <summary>Task queue names, as the product description's commands use them.</summary>
public static class TaskQueues
{
    public const string RootOrchestrator = "root_orchestrator-queue";
    public const string Incident = "incident_workflow-queue";
    public const string DocumentProcessing = "document_processing_workflow-queue";
    public const string DataProcessing = "data_processing_workflow-queue";
}
