namespace EdgeSecurity.Cli;

/// <summary>The documented exit codes (README.md); scripts branch on them, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The thing tested failed: no device answered, a profile did not match.</summary>
    public const int Failed = 1;

    /// <summary>Bad command line or bad config file.</summary>
    public const int BadUsage = 2;

    /// <summary>The agent, serial port or GPIO chip could not be reached.</summary>
    public const int Unreachable = 3;
}
