namespace TemporalFlow.Core.Routing;

/// <summary>The product description's routing tables: the configuration used when none is given.</summary>
public static class DefaultRouting
{
    public const string Incident = "incident_workflow";
    public const string DocumentProcessing = "document_processing_workflow";
    public const string DataProcessing = "data_processing_workflow";

    public static RoutingConfiguration Create() => new()
    {
        Version = "default-1",
        EventTypes = new(StringComparer.OrdinalIgnoreCase)
        {
            ["incident"] = Incident,
            ["document-added"] = DocumentProcessing,
            ["document-uploaded"] = DocumentProcessing,
            ["data-processing"] = DataProcessing,
        },
        Sources = new(StringComparer.OrdinalIgnoreCase)
        {
            ["s3"] = DocumentProcessing,
            ["azure-blob"] = DocumentProcessing,
            ["sharepoint"] = DocumentProcessing,
            ["monitoring"] = Incident,
        },
        Workflows = new(StringComparer.OrdinalIgnoreCase)
        {
            [Incident] = new() { WorkflowType = WorkflowTypes.Incident, TaskQueue = TaskQueues.Incident, IdTemplate = "incident-{eventId}", RequiredFields = ["message"] },
            [DocumentProcessing] = new()
            {
                WorkflowType = WorkflowTypes.DocumentProcessing,
                TaskQueue = TaskQueues.DocumentProcessing,
                IdTemplate = "document-{eventId}",
                RequiredFields = ["documentUri"],
            },
            [DataProcessing] = new()
            {
                WorkflowType = WorkflowTypes.DataProcessing,
                TaskQueue = TaskQueues.DataProcessing,
                IdTemplate = "data-{eventId}",
                RequiredFields = ["datasetUri"],
            },
        },
    };
}
