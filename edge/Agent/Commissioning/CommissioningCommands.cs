using System.Globalization;
using System.Text.Json;

namespace EdgeSecurity.Agent.Commissioning;

/// <summary>
/// The control socket's commissioning commands. Their answers are <c>ok </c> followed by one JSON object, because the
/// CLI reads them back (a walk test's checklist, a round-trip time) and free text would have to be parsed.
/// </summary>
public sealed class CommissioningCommands(WalkTest walkTest, TestAlarm testAlarm)
{
    public const string Usage = "walktest start <seconds>|status|stop, testalarm <seconds>";

    private const int LongestTestAlarmSeconds = 600;

    public async Task<string> ExecuteAsync(string[] words) => (words[0], words.Length) switch
    {
        ("walktest", 3) when words[1] == "start" => Start(words[2]),
        ("walktest", 2) when words[1] == "status" => Ok(walkTest.State()),
        ("walktest", 2) when words[1] == "stop" => Ok(walkTest.Stop()),
        ("testalarm", 2) => await TestAlarmAsync(words[1]).ConfigureAwait(false),
        ("walktest", _) => "error: expected: walktest start <seconds>|status|stop",
        _ => "error: expected: testalarm <seconds>",
    };

    private string Start(string seconds)
    {
        var longest = (int)WalkTest.LongestDuration.TotalSeconds;
        if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 || value > longest)
            return $"error: '{Control.ControlCommands.Shorten(seconds)}'; expected: walktest start <seconds from 1 to {longest}>";
        return Ok(walkTest.Start(TimeSpan.FromSeconds(value)));
    }

    private async Task<string> TestAlarmAsync(string seconds)
    {
        if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > LongestTestAlarmSeconds)
            return $"error: '{Control.ControlCommands.Shorten(seconds)}'; expected: testalarm <seconds from 1 to {LongestTestAlarmSeconds}>";
        var result = await testAlarm.RunAsync(TimeSpan.FromSeconds(value), CancellationToken.None).ConfigureAwait(false);
        return "ok " + JsonSerializer.Serialize(result, CommissioningJsonContext.Default.TestAlarmResult);
    }

    private static string Ok(WalkTestState state) => "ok " + JsonSerializer.Serialize(state, CommissioningJsonContext.Default.WalkTestState);
}
