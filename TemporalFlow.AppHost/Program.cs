using TemporalFlow.AppHost;
using TemporalFlow.AppHost.Postgres;
using TemporalFlow.AppHost.Temporal;

var builder = DistributedApplication.CreateBuilder(args);

var database = builder.AddTemporalFlowDatabase();
var temporal = builder.AddTemporalServer();

builder.AddTemporalFlowServices(database, temporal);

builder.Build().Run();
