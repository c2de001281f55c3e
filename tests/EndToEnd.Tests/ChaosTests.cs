using EdgeSecurity.Testing.Chaos;
using Xunit.Abstractions;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// Delivery under failure, end to end with real processes: three agents raise 1000 alarms through their doors and
/// report 600 telemetry points through simulated smoke detectors while the broker, the hub and an agent are
/// SIGKILLed and restarted at seeded moments; then, with the broker stopped, one agent's 1 MB outbox is overrun with
/// telemetry. Afterwards every alarm is at the hub exactly once and in order, and every telemetry point is in InfluxDB
/// exactly once or counted as thinned. The long version is the benchmark scenario <c>chaos</c> (10,000 alarms).
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_alarm_reaches_the_hub_exactly_once_and_in_order_while_broker_hub_and_an_agent_are_killed()
    {
        var report = await ChaosRun.RunAsync(new ChaosOptions(), output.WriteLine);

        output.WriteLine(report.ToString());
        Assert.Equal(new ChaosOptions().Alarms, report.Sent);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicates);
        Assert.InRange(report.Unexpected, 0, report.InDoubt);
        Assert.Equal(0, report.OutOfOrderDevices);
        Assert.Contains(report.Kills, k => k.StartsWith("broker", StringComparison.Ordinal));
        Assert.Contains(report.Kills, k => k.StartsWith("hub", StringComparison.Ordinal));
        Assert.Contains(report.Kills, k => k.StartsWith("agent", StringComparison.Ordinal));

        var telemetry = report.Telemetry;
        Assert.True(telemetry.Sent >= new ChaosOptions().TelemetryPoints, telemetry.ToString());
        Assert.Equal(0, telemetry.Lost);
        Assert.Equal(0, telemetry.Duplicates);
        Assert.InRange(telemetry.Unexpected, 0, telemetry.InDoubt);
        Assert.True(telemetry.Thinned > 0, $"the flood should have overrun the outbox quota: {telemetry}");
        Assert.Equal(new ChaosOptions().FloodPoints, telemetry.FloodSent);
        Assert.Equal(0, telemetry.FloodLost);
    }
}
