using TemporalFlow.Emulator;

var options = EmulatorOptions.Parse(args);
await using var server = await EmulatorServer.StartAsync(options, args);
await server.WaitForShutdownAsync();
