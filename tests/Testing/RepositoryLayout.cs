namespace EdgeSecurity.Testing;

/// <summary>Finds the repository and the build output of our programs from a running test assembly.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the configuration the tests themselves were built with.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string HubDll => Built("hub/Hub", "EdgeSecurity.Hub");

    public static string GovernanceReceiverDll => Built("hub/GovernanceReceiver", "EdgeSecurity.GovernanceReceiver");

    public static string AgentDll => Built("edge/Agent", "EdgeSecurity.Agent");

    public static string SmokeDetectorSimulatorDll => Built("hardware/SmokeDetectorSimulator", "EdgeSecurity.Hardware.SmokeDetectorSimulator");

    public static string SharedDirectory => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string Built(string projectDirectory, string assembly) =>
        Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", assembly + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeSecurity.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"EdgeSecurity.sln not found above {AppContext.BaseDirectory}");
    }
}
