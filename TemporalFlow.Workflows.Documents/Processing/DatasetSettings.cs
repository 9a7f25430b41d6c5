namespace TemporalFlow.Workflows.Documents.Processing;

/// <summary>Limits of the data worker (section <c>Datasets</c>).</summary>
public sealed class DatasetSettings
{
    public const string SectionName = "Datasets";

    /// <summary>Larger datasets are recorded as rejected; reading stops at the limit.</summary>
    public long MaxSizeBytes { get; set; } = 1024L * 1024 * 1024;
}
