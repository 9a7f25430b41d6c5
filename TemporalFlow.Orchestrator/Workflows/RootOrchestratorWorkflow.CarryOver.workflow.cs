using System.Text.Json;
using TemporalFlow.Orchestrator.Activities;
using Temporalio.Workflows;

namespace TemporalFlow.Orchestrator.Workflows;

public sealed partial class RootOrchestratorWorkflow
{
    /// <summary>
    /// What the next run may be handed: under the SDK's 512 KiB payload warning (and so far under the server's 2 MB limit), with
    /// room for the routing configuration. Dead letters give way first (the ledger holds them all), then the oldest recent events.
    /// </summary>
    private const int CarryOverBudget = 448 * 1024;
    private const int PendingBudget = 128 * 1024; // events waiting (they cannot give way): handled before closing when more

    /// <summary>A run closes only when what it hands on is small: few events pending, and no dead letters still being read back.</summary>
    private bool CarryOverFits => redrive.Count == 0 && pending.Sum(p => p.Size) <= PendingBudget;

    /// <summary>
    /// The next run's input. Dead letters travel without their events (the ledger keeps those), statistics keep their top keys,
    /// and the whole stays within <see cref="CarryOverBudget"/>.
    /// </summary>
    private RootOrchestratorInput NextRunInput()
    {
        stats.Trim();
        var letters = deadLetters.ConvertAll(d => d with { Event = null });
        var kept = recent;
        var carried = new OrchestratorCarryOver([.. pending], [.. seenOrder], stats, kept, letters, lastRejectedConfiguration);
        if (claimCheck)
        {
            var over = Size(carried) - CarryOverBudget;
            letters = Shed(letters, ref over);
            kept = Shed(kept, ref over);
            carried = carried with { DeadLetters = letters, Recent = kept };
        }
        return new RootOrchestratorInput { Routing = table!.Configuration, CarryOver = carried, ContinueAsNewAfterEvents = continueAsNewAfterEvents };
    }

    /// <summary>Drops the oldest items until <paramref name="over"/> bytes are shed (or none are left).</summary>
    private static List<T> Shed<T>(List<T> items, ref long over)
    {
        var drop = 0;
        while (over > 0 && drop < items.Count)
        {
            over -= Size(items[drop++]) + 1;
        }
        return drop == 0 ? items : items[drop..];
    }

    private static long Size<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value).LongLength;

    /// <summary>Reads re-driven dead letters again from the ledger and queues them; any the ledger no longer holds become dead letters again.</summary>
    private async Task RedriveFromLedgerAsync()
    {
        var letters = new List<DeadLetter>();
        while (redrive.Count > 0 && letters.Count < MaxBatchEvents)
        {
            letters.Add(redrive.Dequeue());
        }
        var ids = letters.ConvertAll(l => l.EventId);
        var found = await Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.DescribeEventsAsync(ids), ActivityOptions);
        foreach (var item in found)
        {
            pending.Enqueue(new PendingEvent(item.Event, item.Reference?.ReceivedAt ?? Workflow.UtcNow, null, item.Reference));
        }
        var described = found.Select(f => f.Reference?.EventId ?? Core.Events.EventFields.Text(f.Event!.Value, Core.Events.EventFields.EventId))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var lost in letters.Where(l => !described.Contains(l.EventId)))
        {
            Remember(lost.EventId);
            deadLetters.Add(lost with { Reason = $"re-drive: not in the ledger ({lost.Reason})" });
        }
    }
}
