using BenchmarkDotNet.Attributes;
using TemporalFlow.Core.Routing;

namespace TemporalFlow.Benchmarks;

/// <summary>The routing decision alone: one per event, so it must cost next to nothing.</summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private readonly RoutingTable table = RoutingTable.Create(DefaultRouting.Create());

    [Benchmark(Description = "event type match")]
    public RouteDecision ByEventType() => table.Route("document-added", "s3");

    [Benchmark(Description = "event type match, other case")]
    public RouteDecision ByEventTypeIgnoringCase() => table.Route("INCIDENT", "Monitoring");

    [Benchmark(Description = "source match")]
    public RouteDecision BySource() => table.Route("object-created", "sharepoint");

    [Benchmark(Description = "no match")]
    public RouteDecision Unroutable() => table.Route("unknown", "nowhere");
}
