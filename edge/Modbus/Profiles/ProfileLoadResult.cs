using EdgeSecurity.Configuration;

namespace EdgeSecurity.Modbus.Profiles;

/// <summary>Either a valid profile or every error found in the file.</summary>
public sealed record ProfileLoadResult(DeviceProfile? Profile, IReadOnlyList<ConfigError> Errors)
{
    public bool Succeeded => Profile is not null;

    /// <exception cref="InvalidDataException">The file had errors; the message lists them all, one per line.</exception>
    public DeviceProfile ProfileOrThrow() =>
        Profile ?? throw new InvalidDataException(string.Join(Environment.NewLine, Errors));
}
