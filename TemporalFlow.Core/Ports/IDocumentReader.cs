namespace TemporalFlow.Core.Ports;

/// <summary>
/// Reads a document or dataset by its URI from whichever <see cref="IDocumentStore"/> serves it, after the rules every
/// resource URI must meet and that store's allow-list. What the document and data processors depend on.
/// </summary>
public interface IDocumentReader
{
    /// <summary>Why the URI will not be opened, or null; decided without opening anything.</summary>
    string? Refusal(string uri);

    /// <summary>The document, streamed; <see cref="DocumentRefusedException"/> when <see cref="Refusal"/> refuses it.</summary>
    Task<StoredDocument> GetAsync(string uri, CancellationToken cancellationToken);
}
