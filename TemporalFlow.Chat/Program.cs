using TemporalFlow.Chat;

ChatExtensions.BuildChatApp(args).Run();
