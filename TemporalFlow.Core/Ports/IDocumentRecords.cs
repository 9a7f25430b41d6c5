using TemporalFlow.Core.Datasets;
using TemporalFlow.Core.Documents;

namespace TemporalFlow.Core.Ports;

/// <summary>Processed document versions and their text, one row per (URI, version): storing a version twice keeps the first.</summary>
public interface IDocumentRecords
{
    Task<DocumentRecord?> FindAsync(string documentUri, string version, CancellationToken cancellationToken);

    /// <summary>Stores the record (and its text) unless the version is stored already; returns what is stored and whether it was there.</summary>
    Task<(DocumentRecord Record, bool Existed)> SaveAsync(DocumentRecord record, ExtractedText? text, CancellationToken cancellationToken);

    Task<string?> TextAsync(string documentUri, string version, CancellationToken cancellationToken);
}

/// <summary>Extracted text as stored: possibly cut at the configured limit.</summary>
public sealed record ExtractedText(string Text, bool Truncated);

/// <summary>Dataset profiles, one row per (URI, version), first one kept.</summary>
public interface IDatasetResults
{
    Task<DatasetProfile?> FindAsync(string datasetUri, string version, CancellationToken cancellationToken);

    Task<(DatasetProfile Profile, bool Existed)> SaveAsync(DatasetProfile profile, CancellationToken cancellationToken);
}
