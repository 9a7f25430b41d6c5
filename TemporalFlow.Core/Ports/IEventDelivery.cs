using TemporalFlow.Core.Events;

namespace TemporalFlow.Core.Ports;

/// <summary>How listeners hand an event to the Root Orchestrator. Returns once Temporal has accepted it (only then may a message be acknowledged).</summary>
public interface IEventDelivery
{
    Task<DeliveryReceipt> DeliverAsync(FlowEvent flowEvent, CancellationToken cancellationToken);
}

/// <summary>Which orchestrator instance accepted the event.</summary>
public sealed record DeliveryReceipt(string EventId, string OrchestratorWorkflowId);
