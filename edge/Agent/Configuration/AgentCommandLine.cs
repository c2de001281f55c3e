namespace EdgeSecurity.Agent.Configuration;

/// <summary>The command line: <c>--config &lt;path&gt;</c>, nothing else, so that everything else lives in the config file.</summary>
public sealed record AgentCommandLine(string ConfigPath, bool ShowHelp)
{
    public const string Usage = "usage: dotnet EdgeSecurity.Agent.dll [--config <path.yaml>]   (default " + ConfigLoader.DefaultPath + ")";

    /// <summary>The parsed command line, or null with the reason in <paramref name="error"/>.</summary>
    public static AgentCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var configPath = ConfigLoader.DefaultPath;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    return new AgentCommandLine(configPath, ShowHelp: true);
                case "--config" when i + 1 < args.Count:
                    configPath = args[++i];
                    break;
                case "--config":
                    error = "--config needs a path";
                    return null;
                case var arg when arg.StartsWith("--config=", StringComparison.Ordinal):
                    configPath = arg["--config=".Length..];
                    break;
                case var arg:
                    error = $"unknown argument '{arg}'";
                    return null;
            }
        }
        return new AgentCommandLine(configPath, ShowHelp: false);
    }
}
