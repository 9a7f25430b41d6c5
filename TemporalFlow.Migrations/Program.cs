using TemporalFlow.Adapters.Postgres;
using TemporalFlow.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDatabaseMigrations();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
