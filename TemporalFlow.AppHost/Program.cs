using TemporalFlow.AppHost;
using TemporalFlow.AppHost.LocalCloud;
using TemporalFlow.AppHost.Postgres;
using TemporalFlow.AppHost.Temporal;

var builder = DistributedApplication.CreateBuilder(args);

var database = builder.AddTemporalFlowDatabase();
var temporal = builder.AddTemporalServer();

var cloud = builder.AddLocalCloud();

builder.AddTemporalFlowServices(database, temporal, cloud);

builder.Build().Run();
