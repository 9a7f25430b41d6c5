namespace TemporalFlow.Core.Events;

/// <summary>One problem with an event, naming the field it concerns.</summary>
public sealed record EventError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>An event that parsed and validated, or every reason it did not.</summary>
public sealed record EventParseResult(FlowEvent? Event, IReadOnlyList<EventError> Errors)
{
    public bool IsValid => Event is not null && Errors.Count == 0;

    /// <summary>All problems in one sentence, for dead letters and problem details.</summary>
    public string Reason => string.Join("; ", Errors);

    public static EventParseResult Valid(FlowEvent flowEvent) => new(flowEvent, []);

    public static EventParseResult Invalid(IReadOnlyList<EventError> errors) => new(null, errors);
}
