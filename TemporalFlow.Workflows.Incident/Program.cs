using TemporalFlow.ServiceDefaults;
using TemporalFlow.Workflows.Incident;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIncidentWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
