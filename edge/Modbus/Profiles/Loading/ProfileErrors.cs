using YamlDotNet.Core;

namespace EdgeSecurity.Modbus.Profiles.Loading;

/// <summary>Collects every problem of one profile file so that it can be fixed in one pass.</summary>
internal sealed class ProfileErrors(string file)
{
    private readonly List<ProfileError> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(Mark at, string? path, string problem, string expected) =>
        _errors.Add(new ProfileError(file, (int)at.Line, (int)at.Column, path, problem, expected));

    public void AddForFile(string problem, string expected) =>
        _errors.Add(new ProfileError(file, null, null, null, problem, expected));

    public IReadOnlyList<ProfileError> InFileOrder() =>
        [.. _errors.OrderBy(e => e.Line ?? 0).ThenBy(e => e.Column ?? 0)];
}
