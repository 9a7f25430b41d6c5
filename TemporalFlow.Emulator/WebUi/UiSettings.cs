using System.Text.Json;

namespace TemporalFlow.Emulator.WebUi;

/// <summary>
/// What Temporal's UI server answers on <c>/api/v1/settings</c> (PascalCase, as the UI reads it): no sign-in, the default
/// namespace, and the actions the emulator cannot do switched off, so the UI hides them instead of showing a broken page.
/// </summary>
internal static class UiSettings
{
    /// <summary>The UI release the page is built from (eng/temporal-ui).</summary>
    public const string UiVersion = "2.38.0";

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    public static object For(EmulatorOptions options) => new
    {
        Auth = new { Enabled = false, Options = (string[]?)null, RedirectToProvider = false },
        DefaultNamespace = options.Namespaces.Count > 0 ? options.Namespaces[0] : "default",
        ShowTemporalSystemNamespace = false,
        FeedbackURL = "",
        NotifyOnNewVersion = false,
        Codec = new { Endpoint = "", PassAccessToken = false, IncludeCredentials = false },
        Version = UiVersion,
        DisableWriteActions = false,
        WorkflowTerminateDisabled = false,
        WorkflowCancelDisabled = false,
        WorkflowSignalDisabled = false,
        WorkflowUpdateDisabled = true, // updates are not emulated
        WorkflowResetDisabled = true, // nor reset
        WorkflowPauseDisabled = true,
        StartWorkflowDisabled = true,
        BatchActionsDisabled = true, // nor batch operations
        HideWorkflowQueryErrors = false,
        RefreshWorkflowCountsDisabled = false,
        ActivityCommandsDisabled = true, // pause, unpause, reset and update of activities
    };
}
