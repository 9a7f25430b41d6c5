namespace TemporalFlow.Core;

/// <summary>
/// Workflow type names, as the product description's commands and the routing tables use them; the <c>[Workflow]</c>
/// attributes, the routing defaults and the delivery port all take them from here. Renaming one breaks running workflows.
/// </summary>
public static class WorkflowTypes
{
    public const string RootOrchestrator = "RootOrchestratorWorkflow";
    public const string Incident = "IncidentWorkflow";
    public const string DocumentProcessing = "DocumentProcessingWorkflow";
    public const string DataProcessing = "DataProcessingWorkflow";
}
