using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using TemporalFlow.Testing;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>
/// S3 object-created notifications on the SQS queue, ten per <c>SendMessageBatch</c>: one stored object announced again and
/// again with new sequencers (each a distinct event; the document worker finds that version stored and does not download it).
/// </summary>
internal sealed class SqsLoad(IAmazonSQS sqs, string queueUrl, string bucket, string key, long size, string eTag) : LoadSource("sqs")
{
    public override int BatchSize => 10;

    public override int MaxInFlight => 64;

    public static string Sequencer(long index) => index.ToString("X16", CultureInfo.InvariantCulture);

    public override async Task SendAsync(long first, int count, DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var eventTime = scheduledAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var entries = Enumerable.Range(0, count).Select(i => new SendMessageBatchRequestEntry(
            i.ToString(CultureInfo.InvariantCulture), S3Events.Notification(bucket, key, size, eTag, Sequencer(first + i), eventTime))).ToList();
        try
        {
            var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest(queueUrl, entries), cancellationToken);
            foreach (var ok in response.Successful ?? [])
            {
                CountAccepted(Sequencer(first + int.Parse(ok.Id, CultureInfo.InvariantCulture)), scheduledAt);
            }
            if (response.Failed is { Count: > 0 } failed)
            {
                CountFailure(failed.Count, failed[0].Message);
            }
        }
        catch (AmazonSQSException e)
        {
            CountFailure(count, e.Message);
        }
    }
}
