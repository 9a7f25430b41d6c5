using TemporalFlow.Listeners;

// --listener NAME (or the Listener setting) picks one of ListenerRegistry.All; the webhook listener is the default.
return await ListenerHost.RunAsync(ListenerRegistry.Choose(args), args);
