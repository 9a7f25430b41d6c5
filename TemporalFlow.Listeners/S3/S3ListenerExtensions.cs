using TemporalFlow.Adapters;
using Amazon.SQS;

namespace TemporalFlow.Listeners.S3;

public static partial class S3ListenerExtensions
{
    /// <summary>
    /// The S3 listener (<c>--listener s3</c>). Without <c>SQS_QUEUE_URL</c> it logs why and how to enable it and exits 0,
    /// as the product description shows; with it, a host with health endpoints and the SQS pump.
    /// </summary>
    public static Task<int> RunS3ListenerAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default) =>
        QueueListenerHost.RunAsync(args, "SQS_QUEUE_URL", "TemporalFlow.Listeners.S3", logger =>
        {
            LogNoQueue(logger);
            LogWillNotStart(logger);
            LogHowToEnable(logger);
            LogShuttingDown(logger);
        }, Register, configure, cancellationToken);

    private static void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<S3ListenerOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.QueueUrl = configuration["SQS_QUEUE_URL"];
            if (int.TryParse(configuration["S3_LISTENER_CONCURRENCY"], out var concurrency) && concurrency > 0)
            {
                options.Concurrency = concurrency;
            }
            if (int.TryParse(configuration["SQS_WAIT_TIME_SECONDS"], out var wait) && wait is >= 0 and <= 20)
            {
                options.WaitTimeSeconds = wait;
            }
        });
        var aws = AwsSettings.From(builder.Configuration, "SQS");
        builder.Services.AddSingleton<IAmazonSQS>(_ => aws.Credentials is null
            ? new AmazonSQSClient(aws.Apply(new AmazonSQSConfig()))
            : new AmazonSQSClient(aws.Credentials, aws.Apply(new AmazonSQSConfig())));
        builder.Services.AddHostedService<SqsEventPump>();
        // Finishing in-flight messages may take a while: give shutdown room.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS_QUEUE_URL environment variable is not set")]
    private static partial void LogNoQueue(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "S3 Event Listener will not start without SQS configuration")]
    private static partial void LogWillNotStart(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "To enable S3 event listening, set SQS_QUEUE_URL environment variable")]
    private static partial void LogHowToEnable(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "S3 Event Listener shutting down gracefully...")]
    private static partial void LogShuttingDown(ILogger logger);
}
