using EdgeSecurity.Configuration;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>Either a valid config or every error found in the file.</summary>
public sealed record ConfigLoadResult(AgentConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Config is not null;
}
