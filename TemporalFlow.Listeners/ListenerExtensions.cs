using TemporalFlow.Adapters.Temporal;
using TemporalFlow.ServiceDefaults;

namespace TemporalFlow.Listeners;

public static class ListenerExtensions
{
    /// <summary>The listener chosen by <c>--listener webhook|s3|azure</c> (or <c>Listener</c> in configuration).</summary>
    public static IHostApplicationBuilder AddListeners(this IHostApplicationBuilder builder)
    {
        builder.AddTemporalClient();
        builder.AddTemporalEventDelivery();
        return builder;
    }
}
