using EdgeSecurity.Testing;

namespace EdgeSecurity.Benchmarks;

/// <summary>The shipped systemd unit of the agent (hardware/gateway), so a benchmark runs the agent as gateways do.</summary>
internal static class GatewayUnit
{
    private const string Prefix = "Environment=";

    /// <summary>The unit's <c>Environment=NAME=value</c> lines.</summary>
    public static IReadOnlyDictionary<string, string?> Environment() =>
        File.ReadLines(Path.Combine(RepositoryLayout.Root, "hardware", "gateway", "edgesecurity-agent.service"))
            .Where(line => line.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(line => line[Prefix.Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => (string?)pair[1]);
}
