using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.TestService.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

internal sealed partial class EmulatorEngine
{
    /// <summary>A worker going away: its sticky queue is forgotten so its runs' next tasks go to the normal queue at once.</summary>
    public ShutdownWorkerResponse ShutdownWorker(ShutdownWorkerRequest request)
    {
        lock (sync)
        {
            if (!string.IsNullOrEmpty(request.StickyTaskQueue))
            {
                foreach (var run in openRuns.Where(r => r.StickyQueue == request.StickyTaskQueue))
                {
                    run.StickyQueue = null;
                    if (run.WorkflowTask is { StartedEventId: 0 } task)
                    {
                        workflowQueues.Enqueue(run.Namespace, run.TaskQueue, new WorkflowTaskItem(run, task.ScheduledEventId));
                    }
                }
            }
            return new ShutdownWorkerResponse();
        }
    }

    public ResetStickyTaskQueueResponse ResetStickyTaskQueue(ResetStickyTaskQueueRequest request)
    {
        lock (sync)
        {
            RequireRun(request.Namespace, request.Execution).StickyQueue = null;
            return new ResetStickyTaskQueueResponse();
        }
    }

    // The TestService, as Temporal's time-skipping test server offers it.

    public LockTimeSkippingResponse LockTimeSkipping()
    {
        lock (sync)
        {
            Clock.ChangeSkipLocks(+1);
            return new LockTimeSkippingResponse();
        }
    }

    public UnlockTimeSkippingResponse UnlockTimeSkipping()
    {
        lock (sync)
        {
            Clock.ChangeSkipLocks(-1);
            return new UnlockTimeSkippingResponse();
        }
    }

    public async Task<SleepResponse> SleepAsync(Duration? duration, CancellationToken cancellationToken)
    {
        await Clock.AdvanceAsync(duration?.ToTimeSpan() ?? TimeSpan.Zero, cancellationToken);
        return new SleepResponse();
    }

    public async Task<SleepResponse> SleepUntilAsync(Timestamp? timestamp, CancellationToken cancellationToken)
    {
        TimeSpan duration;
        lock (sync)
        {
            duration = (timestamp?.ToDateTime() ?? Clock.Now) - Clock.Now;
        }
        return await SleepAsync(Duration.FromTimeSpan(duration < TimeSpan.Zero ? TimeSpan.Zero : duration), cancellationToken);
    }

    public GetCurrentTimeResponse GetCurrentTime()
    {
        lock (sync)
        {
            return new GetCurrentTimeResponse { Time = Timestamp.FromDateTime(Clock.Now) };
        }
    }
}
