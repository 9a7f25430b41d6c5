using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Temporal;

public static class TemporalDeliveryExtensions
{
    /// <summary>
    /// The delivery port listeners use: signal-with-start to <c>root-orchestrator-k</c>, k a stable hash of the event id
    /// over <c>Orchestrator:Shards</c> instances (default 1). Needs a registered <see cref="Temporalio.Client.ITemporalClient"/>.
    /// </summary>
    /// <param name="claimCheck">
    /// Keep payloads in the ledger and signal references (when the database is configured); false for a host that sends only
    /// small events and must not write the ledger (the chat).
    /// </param>
    public static TBuilder AddTemporalEventDelivery<TBuilder>(this TBuilder builder, bool claimCheck = true)
        where TBuilder : IHostApplicationBuilder
    {
        var shards = builder.Configuration.GetValue<int?>(OrchestratorShards.SectionName) ?? 1;
        if (shards is < 1 or > 1024)
        {
            throw new InvalidOperationException($"{OrchestratorShards.SectionName} = {shards}: choose between 1 and 1024 orchestrator instances.");
        }
        builder.Services.AddSingleton(new OrchestratorShards(shards));
        // The claim check needs the database; a host without one (a test's listener) sends events inline.
        if (claimCheck && !string.IsNullOrEmpty(builder.Configuration.GetConnectionString(DatabaseExtensions.ConnectionName)))
        {
            builder.AddTemporalFlowDatabase(healthChecks: false);
            builder.Services.AddSingleton<IReceivedEvents, PostgresEventLedger>();
        }
        builder.Services.AddSingleton<IEventDelivery, TemporalEventDelivery>();
        return builder;
    }
}
