using System.Text.Json;
using TemporalFlow.Core.Events;

namespace TemporalFlow.Core.Documents;

/// <summary>Outcomes of processing a document version.</summary>
public static class DocumentStatuses
{
    public const string Processed = "processed";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
}

/// <summary>What the document workflow was asked to process: the URI, the version the event announced (if any), whence.</summary>
public sealed record DocumentRequest(string DocumentUri, string? AnnouncedVersion, string EventId, string WorkflowId)
{
    /// <summary>Reads the routed event (the flat shape listeners deliver); null when it names no document URI.</summary>
    public static DocumentRequest? From(JsonElement documentEvent, string workflowId) =>
        EventFields.Text(documentEvent, EventFields.DocumentUri) is { Length: > 0 } uri
            ? new DocumentRequest(uri, DocumentVersions.Normalize(EventFields.Text(documentEvent, "eTag")),
                EventFields.Text(documentEvent, EventFields.EventId) ?? EventIds.Derive(documentEvent), workflowId)
            : null;

    /// <summary>The version recorded when none was seen: the one the event announced, else one per event.</summary>
    public string UnseenVersion() => AnnouncedVersion ?? $"event:{EventId}";

    /// <summary>A record of the document that was not read (refused, or unavailable through the retries): status and reason only.</summary>
    public DocumentRecord Unread(string status, string reason, DateTimeOffset at) =>
        new(DocumentUri, UnseenVersion(), status, null, null, null, null, null, null, reason, EventId, WorkflowId, at);
}

/// <summary>A document version as stored: its kind, hash, size and counts, or the reason it was rejected or failed.</summary>
public sealed record DocumentRecord(
    string DocumentUri,
    string Version,
    string Status,
    string? Kind,
    string? ContentType,
    string? Sha256,
    long? SizeBytes,
    long? Words,
    long? Lines,
    string? Reason,
    string EventId,
    string WorkflowId,
    DateTimeOffset ProcessedAt);

/// <summary>The workflow's result: the record, and whether this run stored it or found it stored by an earlier one.</summary>
public sealed record DocumentResult(DocumentRecord Record, bool Unchanged);

/// <summary>Document versions: the store's eTag without quotes, or the content hash when the store has none.</summary>
public static class DocumentVersions
{
    public static string? Normalize(string? eTag) => string.IsNullOrWhiteSpace(eTag) ? null : eTag.Trim().Trim('"');

    public static string FromHash(string sha256) => $"sha256:{sha256}";
}
