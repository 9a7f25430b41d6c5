namespace TemporalFlow.AppHost.Temporal;

public enum TemporalMode
{
    Auto,
    Container,
    Cli,
    External,
    Emulator,
}

/// <summary>The Temporal frontend every worker and listener connects to, whichever mode provides it.</summary>
public sealed record TemporalServer(
    IResourceBuilder<IResource> Resource,
    TemporalMode Mode,
    ReferenceExpression Address,
    ReferenceExpression Namespace,
    IResourceBuilder<ParameterResource>? ApiKey = null,
    ReferenceExpression? Tls = null,
    IResourceBuilder<ParameterResource>? ServerCaCert = null);
