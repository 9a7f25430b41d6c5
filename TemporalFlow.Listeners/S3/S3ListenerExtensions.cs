using Amazon.Runtime;
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
            options.ServiceUrl = configuration["AWS_ENDPOINT_URL_SQS"] ?? configuration["AWS_ENDPOINT_URL"];
            options.Region = configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"] ?? options.Region;
            if (int.TryParse(configuration["S3_LISTENER_CONCURRENCY"], out var concurrency) && concurrency > 0)
            {
                options.Concurrency = concurrency;
            }
            if (int.TryParse(configuration["SQS_WAIT_TIME_SECONDS"], out var wait) && wait is >= 0 and <= 20)
            {
                options.WaitTimeSeconds = wait;
            }
        });
        builder.Services.AddSingleton<IAmazonSQS>(sp => CreateClient(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddHostedService<SqsEventPump>();
        // Finishing in-flight messages may take a while: give shutdown room.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
    }

    private static AmazonSQSClient CreateClient(IConfiguration configuration)
    {
        var serviceUrl = configuration["AWS_ENDPOINT_URL_SQS"] ?? configuration["AWS_ENDPOINT_URL"];
        var region = configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"] ?? "us-east-1";
        var config = serviceUrl is { Length: > 0 }
            ? new AmazonSQSConfig { ServiceURL = serviceUrl, AuthenticationRegion = region }
            : new AmazonSQSConfig { RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region) };
        var accessKey = configuration["AWS_ACCESS_KEY_ID"];
        var secretKey = configuration["AWS_SECRET_ACCESS_KEY"];
        // Explicit keys when given (local servers, CI); otherwise the SDK's default chain (profiles, instance roles, ...).
        return accessKey is { Length: > 0 } && secretKey is { Length: > 0 }
            ? new AmazonSQSClient(new BasicAWSCredentials(accessKey, secretKey), config)
            : new AmazonSQSClient(config);
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
