using TemporalFlow.ServiceDefaults;
using TemporalFlow.Workflows.Documents;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDocumentWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
