using Amazon.SQS;
using TemporalFlow.Adapters;

namespace TemporalFlow.Listeners.S3;

/// <summary>The S3 listener's services (its definition: <see cref="ListenerRegistry.S3"/>): the SQS client and the pump.</summary>
public static class S3Listener
{
    public static void Register(WebApplicationBuilder builder)
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
        builder.Services.AddHostedService<SqsEventPump>(); // finishes the messages in hand within the service defaults' grace period
    }
}
