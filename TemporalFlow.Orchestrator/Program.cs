using TemporalFlow.Orchestrator;
using TemporalFlow.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddOrchestratorWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
