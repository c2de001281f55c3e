namespace EdgeSecurity.Modbus.Profiles;

/// <summary>
/// One problem in a profile file, printed as <c>file:line:column: path: problem; expected ...</c> so that editors and
/// installers can jump straight to it. Position and path are absent when the file as a whole is at fault.
/// </summary>
public sealed record ProfileError(string File, int? Line, int? Column, string? Path, string Problem, string Expected)
{
    public override string ToString()
    {
        var position = Line is null ? File : $"{File}:{Line}:{Column}";
        var path = Path is null ? "" : $" {Path}:";
        return $"{position}:{path} {Problem}; expected {Expected}";
    }
}

/// <summary>Either a valid profile or every error found in the file.</summary>
public sealed record ProfileLoadResult(DeviceProfile? Profile, IReadOnlyList<ProfileError> Errors)
{
    public bool Succeeded => Profile is not null;

    /// <exception cref="InvalidDataException">The file had errors; the message lists them all, one per line.</exception>
    public DeviceProfile ProfileOrThrow() =>
        Profile ?? throw new InvalidDataException(string.Join(Environment.NewLine, Errors));
}
