using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using TemporalFlow.Chat.Conversations;
using TemporalFlow.Chat.Tools;

namespace TemporalFlow.Chat.Simple;

/// <summary>
/// The default mode: no model, no key. The intent router reads the question, the same tools as the AI mode answer it from
/// live data, and actions wait for the user's confirmation. Unsure, it says what it can answer instead of guessing.
/// </summary>
public sealed class SimpleAssistant(TemporalFlowTools tools, TimeProvider clock) : IAssistant
{
    public static readonly string[] Examples =
    [
        "Show open incidents",
        "What is the status of INC-000001?",
        "Acknowledge INC-000001",
        "Running workflows",
        "Failed workflows since 2 hours ago",
        "Why did evt-… go to incident-evt-…?",
        "Show dead letters",
        "Re-drive dead letters",
        "Show the routing table",
        "Send a test incident event \"Disk full on db-01\"",
    ];

    public string Mode => "simple";

    public async IAsyncEnumerable<ChatChunk> AskAsync(Conversation conversation, string message, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var intent = IntentRouter.Route(message, clock.GetUtcNow());
        if (intent is Intent.Confirm)
        {
            // "yes" confirms the one action waiting, if exactly one is.
            var only = conversation.Pending.Values.ToList();
            if (only.Count != 1)
            {
                yield return ChatChunk.Say(only.Count == 0 ? "There is nothing waiting for a confirmation." : "Several actions are waiting: use their Confirm buttons.");
                yield break;
            }
            await foreach (var chunk in ConfirmAsync(conversation, only[0].Id, approved: true, cancellationToken))
            {
                yield return chunk;
            }
            yield break;
        }
        if (Action(intent, conversation.User.Name) is { } action)
        {
            conversation.Pending[action.Id] = action;
            yield return ChatChunk.Say($"I will {action.Description}. Nothing happens until you confirm.");
            yield return ChatChunk.Confirm(action.Id, action.Description);
            yield break;
        }
        yield return ChatChunk.Say(await AnswerAsync(intent, cancellationToken));
    }

    public async IAsyncEnumerable<ChatChunk> ConfirmAsync(Conversation conversation, string actionId, bool approved, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (approved && !conversation.User.CanAct)
        {
            yield return ChatChunk.Say(NotAnOperator);
            yield break;
        }
        if (!conversation.Pending.TryRemove(actionId, out var action))
        {
            yield return ChatChunk.Say("That action is no longer waiting (it ran, was declined, or belongs to another session).");
            yield break;
        }
        yield return ChatChunk.Say(approved ? await action.RunAsync(cancellationToken) : $"Cancelled: I did not {action.Description}.");
    }

    /// <summary>What a viewer is told when confirming: asking is open to viewers, acting only to operators.</summary>
    public const string NotAnOperator = "Only operators can run actions; you are signed in as a viewer. Ask an operator to confirm it.";

    private PendingAction? Action(Intent intent, string actor) => intent switch
    {
        Intent.Acknowledge a => Pending($"acknowledge {a.Incident} as '{actor}'",
            async ct => (await tools.AcknowledgeIncidentAsync(a.Incident, actor, ct)).Message),
        Intent.Resolve r => Pending($"resolve {r.Incident} as '{actor}' with the resolution \"{r.Resolution}\"",
            async ct => (await tools.ResolveIncidentAsync(r.Incident, r.Resolution, actor, ct)).Message),
        Intent.Redrive d => Pending(d.EventIds.Count > 0 ? $"re-drive the dead letters {string.Join(", ", d.EventIds)}" : "re-drive all dead letters",
            async ct => (await tools.RedriveDeadLettersAsync(d.EventIds, actor, ct)).Message),
        Intent.SendTestEvent s => Pending($"send a test '{s.EventType}' event with the message \"{s.Message}\"",
            async ct => (await tools.SendTestEventAsync(s.EventType, s.Message, actor, ct)).Message),
        _ => null,
    };

    private static PendingAction Pending(string description, Func<CancellationToken, Task<string>> run) => new(Guid.NewGuid().ToString("N"), description, run);

    private async Task<string> AnswerAsync(Intent intent, CancellationToken cancellationToken) => intent switch
    {
        Intent.OpenIncidents => Answers.Incidents(await tools.ListOpenIncidentsAsync(cancellationToken)),
        Intent.IncidentStatus s => await tools.GetIncidentAsync(s.Incident, cancellationToken) is { } details
            ? Answers.Incident(details)
            : $"I found no incident {s.Incident}. 'Show open incidents' lists the current ones.",
        Intent.Workflows w => Answers.Workflows(w.Status, w.Since, await tools.ListWorkflowsAsync(w.Status, w.Since, cancellationToken)),
        Intent.WhyRouted y => await tools.ExplainRoutingAsync(y.Id, cancellationToken) is { } why
            ? Answers.Routing(why)
            : $"The ledger has no event or workflow {y.Id}.",
        Intent.DeadLetters => Answers.DeadLetters(await tools.ListDeadLettersAsync(cancellationToken)),
        Intent.RoutingTable => Answers.Routing(await tools.GetRoutingTableAsync(cancellationToken)),
        Intent.Unknown u => (u.Hint is null ? "I'm not sure what you are asking. " : u.Hint + " ") + Help(),
        _ => Help(),
    };

    private static string Help()
    {
        var text = new StringBuilder("In simple mode I answer these questions from live data:\n");
        foreach (var example in Examples)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {example}\n");
        }
        return text.Append("Actions (acknowledge, resolve, re-drive, send) wait for your confirmation.").ToString();
    }
}
