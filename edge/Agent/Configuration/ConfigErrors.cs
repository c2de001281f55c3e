using YamlDotNet.Core;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>Collects every problem of one config file so that the operator can fix them all in one pass.</summary>
internal sealed class ConfigErrors(string file)
{
    private readonly List<ConfigError> _errors = [];

    public string File { get; } = file;

    public bool Any => _errors.Count > 0;

    public void Add(Mark at, string? path, string problem, string expected) =>
        _errors.Add(new ConfigError(File, (int)at.Line, (int)at.Column, path, problem, expected));

    public void AddForFile(string problem, string expected) =>
        _errors.Add(new ConfigError(File, null, null, null, problem, expected));

    /// <summary>In file order, which is how an operator works through them.</summary>
    public IReadOnlyList<ConfigError> InFileOrder() =>
        [.. _errors.OrderBy(e => e.Line ?? 0).ThenBy(e => e.Column ?? 0)];
}
