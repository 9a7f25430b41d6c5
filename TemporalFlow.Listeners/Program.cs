using TemporalFlow.Listeners;

var app = ListenerExtensions.BuildWebhookListener(args);
app.Run();
