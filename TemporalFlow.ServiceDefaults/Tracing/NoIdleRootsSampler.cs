using System.Diagnostics;
using OpenTelemetry.Trace;

namespace TemporalFlow.ServiceDefaults.Tracing;

/// <summary>
/// Keeps a trace only when it starts with work: a client call (SQL, HTTP, a queue's long poll) that no request, workflow or
/// activity started is a service's own background chatter (health checks' queries, idle polling), not something a person
/// came to the dashboard to see. Everything else is sampled as its parent was, or always when it is a root.
/// </summary>
public sealed class NoIdleRootsSampler : Sampler
{
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId != default)
        {
            return (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? Keep : Drop;
        }
        return samplingParameters.Kind == ActivityKind.Client ? Drop : Keep;
    }
}
