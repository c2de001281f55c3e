using YamlDotNet.Core;

namespace EdgeSecurity.Configuration;

/// <summary>Collects every problem of one YAML file so that it can be fixed in one pass.</summary>
public sealed class ConfigErrors(string file)
{
    private readonly List<ConfigError> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(Mark at, string? path, string problem, string expected) =>
        _errors.Add(new ConfigError(file, (int)at.Line, (int)at.Column, path, problem, expected));

    public void AddForFile(string problem, string expected) =>
        _errors.Add(new ConfigError(file, null, null, null, problem, expected));

    /// <summary>In file order, which is how an operator works through them.</summary>
    public IReadOnlyList<ConfigError> InFileOrder() =>
        [.. _errors.OrderBy(e => e.Line ?? 0).ThenBy(e => e.Column ?? 0)];
}
