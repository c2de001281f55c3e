using System.Reflection;

namespace EdgeSecurity.Agent.Gateway;

/// <summary>The agent's version as announced in the online status, so the hub knows what each gateway runs.</summary>
public static class AgentVersion
{
    public static string Current { get; } =
        typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
