using System.Text;
using EdgeSecurity.Agent.Configuration;

namespace EdgeSecurity.Fuzz.Tests;

/// <summary>The agent's config loader on mutated copies of the shipped sample: a config, or errors with a position (when the file has one) and a reason.</summary>
public sealed class ConfigFuzzTests
{
    private static readonly string SamplePath = Path.Combine(RepositoryLayout.Root, "edge", "Agent", "agent.sample.yaml");
    private static readonly string Sample = File.ReadAllText(SamplePath);

    /// <summary>The top-level keys of the sample, to count refusals by section.</summary>
    private static readonly HashSet<string> Sections = [.. Sample.Split('\n').Where(l => l.Length > 0 && char.IsAsciiLetter(l[0])).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)])];

    [Fact]
    public void The_sample_is_accepted() => Assert.Empty(Load(Sample).Errors);

    /// <summary>Found by fuzzing (seed 20261122): YamlDotNet's scanner threw InvalidOperationException, which crashed the loader.</summary>
    [Fact]
    public void A_flow_sequence_the_yaml_scanner_cannot_read_is_an_error_not_a_crash()
    {
        var yaml = Sample.Replace("type: loitering ", "type: [{- \U000131F9null]", StringComparison.Ordinal);
        Assert.NotEqual(Sample, yaml);

        var error = Assert.Single(Load(yaml).Errors);
        Assert.StartsWith("invalid YAML", error.Problem, StringComparison.Ordinal);
    }

    /// <summary>Found by fuzzing (seed 20261122, 60 s): YamlDotNet threw ArgumentException (a bad global tag; an unsupported event).</summary>
    [Fact]
    public void Yaml_the_parser_throws_argument_exceptions_on_is_an_error_not_a_crash()
    {
        var badTag = Sample.Replace("points: [[0.5, 0.4], [1, 0.4], [1, 1], [0.5, 1]]", "points: [!!binaryd]", StringComparison.Ordinal);
        var unsupported = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "tests", "Fuzz.Tests", "Regressions", "agent-config-unsupported-event.yaml"));
        Assert.NotEqual(Sample, badTag);

        Assert.StartsWith("invalid YAML", Assert.Single(Load(badTag).Errors).Problem, StringComparison.Ordinal);
        Assert.StartsWith("invalid YAML", Assert.Single(Load(unsupported).Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_configs_load_or_fail_with_positioned_reasons()
    {
        var report = Fuzzer.Run("agent-config", FuzzSettings.ForSuite(TimeSpan.FromSeconds(3)), random => random.Next(10) switch
        {
            0 => Mutate.AwkwardString(random),
            1 => Encoding.UTF8.GetString(Mutate.RandomBytes(random, 256)),
            _ => Mutate.Yaml(random, Sample),
        }, Encoding.UTF8.GetBytes, yaml =>
        {
            var result = Load(yaml);
            if (result.Succeeded)
                return FuzzVerdict.Accepted;
            // YamlDotNet places an error at the end of the stream up to two lines past the last one, so only the start is checked.
            var misplaced = result.Errors.FirstOrDefault(e => e.Line is < 1 || e.Column is < 1 || string.IsNullOrWhiteSpace(e.Problem) || string.IsNullOrWhiteSpace(e.Expected));
            if (result.Errors.Count == 0 || misplaced is not null)
                return FuzzVerdict.Rejected("unexplained", null);
            var first = result.Errors[0];
            var section = first.Path?.Split('.', '[')[0];
            return FuzzVerdict.Rejected(section is null ? (first.Line is null ? "file" : "yaml") : Sections.Contains(section) ? section : "unknown key", first.ToString());
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.Accepted > 0, report.Summary());
    }

    private static ConfigLoadResult Load(string yaml) => ConfigLoader.Parse(yaml, SamplePath, Path.GetDirectoryName(SamplePath)!);
}
