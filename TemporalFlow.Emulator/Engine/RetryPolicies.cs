using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;

namespace TemporalFlow.Emulator.Engine;

/// <summary>Temporal's retry semantics: defaults, backoff, and whether a failure may be retried.</summary>
internal static class RetryPolicies
{
    public static RetryPolicy WithDefaults(RetryPolicy? policy)
    {
        var result = policy?.Clone() ?? new RetryPolicy();
        if (result.InitialInterval is null || result.InitialInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            result.InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        }
        if (result.BackoffCoefficient < 1)
        {
            result.BackoffCoefficient = 2;
        }
        if (result.MaximumInterval is null || result.MaximumInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            result.MaximumInterval = Duration.FromTimeSpan(result.InitialInterval.ToTimeSpan() * 100);
        }
        return result;
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, or null when the policy says stop.</summary>
    public static TimeSpan? NextDelay(RetryPolicy policy, int attempt, Failure? failure)
    {
        if (policy.MaximumAttempts > 0 && attempt >= policy.MaximumAttempts)
        {
            return null;
        }
        if (failure is not null && !IsRetryable(policy, failure))
        {
            return null;
        }
        var initial = policy.InitialInterval.ToTimeSpan();
        var delay = initial * Math.Pow(policy.BackoffCoefficient, attempt - 1);
        var maximum = policy.MaximumInterval.ToTimeSpan();
        return delay > maximum ? maximum : delay;
    }

    public static bool IsRetryable(RetryPolicy policy, Failure failure)
    {
        if (failure.ApplicationFailureInfo is { } app)
        {
            return !app.NonRetryable && !policy.NonRetryableErrorTypes.Contains(app.Type);
        }
        if (failure.ServerFailureInfo is { } server)
        {
            return !server.NonRetryable; // what the server itself fails an activity with (a result over the size limit)
        }
        return failure.TimeoutFailureInfo is null || failure.TimeoutFailureInfo.TimeoutType is
            Temporalio.Api.Enums.V1.TimeoutType.StartToClose or Temporalio.Api.Enums.V1.TimeoutType.Heartbeat;
    }
}
