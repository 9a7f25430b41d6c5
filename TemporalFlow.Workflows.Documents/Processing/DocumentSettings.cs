namespace TemporalFlow.Workflows.Documents.Processing;

/// <summary>Limits of the document worker (section <c>Documents</c>).</summary>
public sealed class DocumentSettings
{
    public const string SectionName = "Documents";

    /// <summary>Larger documents are recorded as rejected, not read.</summary>
    public long MaxSizeBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Extracted text beyond this is cut (and marked truncated) before it is stored; counts cover all of it.</summary>
    public int MaxTextCharacters { get; set; } = 1_000_000;
}
