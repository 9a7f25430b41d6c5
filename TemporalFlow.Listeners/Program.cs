using TemporalFlow.Listeners;
using TemporalFlow.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddListeners();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
