namespace TemporalFlow.Listeners.S3;

/// <summary>S3 listener settings; the environment variable names are the product description's (plus an endpoint for local servers).</summary>
public sealed class S3ListenerOptions
{
    /// <summary><c>SQS_QUEUE_URL</c>: the queue S3 sends its object notifications to.</summary>
    public string? QueueUrl { get; set; }

    /// <summary><c>S3_LISTENER_CONCURRENCY</c>: messages handled at once.</summary>
    public int Concurrency { get; set; } = 20; // two receives of ten in hand: the next batch is taken while one is delivered

    /// <summary>SQS long-poll wait.</summary>
    public int WaitTimeSeconds { get; set; } = 20;
}
