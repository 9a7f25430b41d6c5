using TemporalFlow.Emulator;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args) with { ApiKey = Environment.GetEnvironmentVariable(EmulatorOptions.ApiKeyVariable) is { Length: > 0 } key ? key : null };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

await using var server = await EmulatorServer.StartAsync(options, args);
Console.WriteLine($"TemporalFlow emulator: in-memory Temporal development server (not for production) listening on {server.Address}{(options.TlsCertPath is null ? "" : " (TLS)")}{(options.ApiKey is null ? "" : ", API key required")}, " +
    $"namespaces: {string.Join(", ", server.Namespaces)}{(server.UiAddress is null ? "" : $", HTTP API at {server.UiAddress}")}. Data is lost when it stops.");
await server.WaitForShutdownAsync();
return 0;
