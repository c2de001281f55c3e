using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Gpiod;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The smokeDetectors and rs485Buses sections: defaults, and every mistake reported where it is.</summary>
public class SensorConfigTests
{
    private const string Head = """
        gateway: { id: gw-1, community: cm-1 }
        broker: { host: 127.0.0.1 }
        doors:
          - id: door-1

        """;

    private static string Profiles => Path.Combine(RepositoryLayout.Root, "hardware", "profiles");

    private static ConfigLoadResult Parse(string yaml) => ConfigLoader.Parse(Head + yaml, "agent.yaml", Profiles);

    [Fact]
    public void The_documented_sample_declares_relay_detectors_and_a_bus()
    {
        var config = ConfigLoader.Load(Path.Combine(RepositoryLayout.Root, "edge", "Agent", "agent.sample.yaml")).Config!;

        var wired = config.SmokeDetectors[0];
        Assert.Equal((SmokeRelaySource.Gpio, GpioLineAddress.OnChip("gpiochip0", 22), GpioLineAddress.OnChip("gpiochip0", 23)), (wired.Source, wired.AlarmLine, wired.FaultLine));
        Assert.Equal((GpioBias.PullUp, true, TimeSpan.FromMilliseconds(50)), (wired.Bias, wired.ActiveLow, wired.Debounce));
        Assert.Equal(SmokeRelaySource.Simulated, config.SmokeDetectors[1].Source);
        var bus = Assert.Single(config.Rs485Buses);
        Assert.Equal(("/dev/rs485-1", 9600, SerialParity.None), (bus.Port, bus.Serial.BaudRate, bus.Serial.Parity));
        Assert.Equal((TimeSpan.FromMilliseconds(300), 1, TimeSpan.FromSeconds(5), 3, TimeSpan.FromSeconds(60)),
            (bus.ResponseTimeout, bus.Retries, bus.PollInterval, bus.OfflineAfterMissedPolls, bus.TelemetryInterval));
        Assert.Equal(["photoelectric-smoke-detector", "temperature-humidity-sensor"], bus.Devices.Select(d => d.Profile.Name));
        Assert.Equal((byte)3, bus.Devices[0].SlaveId);
        Assert.Equal(2 + 2 + 3 + 1, config.DeviceCount); // doors, detectors, bus and its devices, camera
    }

    [Fact]
    public void A_line_name_alone_is_looked_up_on_every_chip()
    {
        var result = Parse("""
            smokeDetectors:
              - id: smoke-1
                alarm: { line: SMOKE_ALARM_1 }
            """);

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Equal(GpioLineAddress.Named("SMOKE_ALARM_1"), result.Config!.SmokeDetectors[0].AlarmLine);
        Assert.Null(result.Config.SmokeDetectors[0].FaultLine);
    }

    [Theory]
    [InlineData("smokeDetectors:\n  - id: smoke-1\n", "agent.yaml:6:5: smokeDetectors[0].alarm: is missing; expected a mapping with chip")]
    [InlineData("smokeDetectors:\n  - id: smoke-1\n    source: wireless\n", "smokeDetectors[0].source: unknown smoke detector source 'wireless'")]
    [InlineData("smokeDetectors:\n  - id: door-1\n    source: simulated\n", "smokeDetectors[0].id: device id 'door-1' is already used by a door")]
    [InlineData("smokeDetectors:\n  - id: s-1\n    source: simulated\n    alarm: { chip: gpiochip0, line: 3 }\n", "a simulated detector has no GPIO lines")]
    [InlineData("smokeDetectors:\n  - id: s-1\n    alarm: { line: 22 }\n", "smokeDetectors[0].alarm.chip: an offset needs its chip")]
    [InlineData("smokeDetectors:\n  - id: s-1\n    alarm: { chip: gpiochip0, line: 2 }\n    bias: up\n", "smokeDetectors[0].bias: unknown bias 'up'")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    devices: []\n", "rs485Buses[0].port: is missing")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    port: /dev/ttyUSB0\n    baudRate: 14400\n    devices: [{ id: s-1, slaveId: 1, profile: photoelectric-smoke-detector.yaml }]\n", "rs485Buses[0].baudRate: 14400 baud is not supported")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    port: /dev/ttyUSB0\n    parity: mark\n    devices: [{ id: s-1, slaveId: 1, profile: photoelectric-smoke-detector.yaml }]\n", "rs485Buses[0].parity: unknown parity 'mark'")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    port: /dev/ttyUSB0\n    devices: [{ id: s-1, profile: photoelectric-smoke-detector.yaml }]\n", "rs485Buses[0].devices[0].slaveId: is missing")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    port: /dev/ttyUSB0\n    devices: [{ id: s-1, slaveId: 248, profile: photoelectric-smoke-detector.yaml }]\n", "rs485Buses[0].devices[0].slaveId: 248 is out of range")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    port: /dev/ttyUSB0\n    devices: [{ id: s-1, slaveId: 1, profile: nowhere.yaml }]\n", "rs485Buses[0].devices[0].profile: the profile cannot be used: ")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    port: /dev/ttyUSB0\n    devices: [{ id: s-1, slaveId: 1, profile: photoelectric-smoke-detector.yaml }, { id: s-2, slaveId: 1, profile: temperature-humidity-sensor.yaml }]\n", "slave id 1 is already used by 's-1' on this bus")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    port: /dev/ttyUSB0\n    devices: []\n", "rs485Buses[0].devices: the bus has no devices")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    port: /dev/ttyUSB0\n    devices: [{ id: s-1, slaveId: 1, profile: photoelectric-smoke-detector.yaml }]\n  - id: bus-2\n    port: /dev/ttyUSB0\n    devices: [{ id: s-2, slaveId: 1, profile: photoelectric-smoke-detector.yaml }]\n", "the port /dev/ttyUSB0 is already used by bus 'bus-1'")]
    [InlineData("rs485Buses:\n  - id: bus-1\n    port: /dev/ttyUSB0\n    pollMiliseconds: 100\n    devices: [{ id: s-1, slaveId: 1, profile: photoelectric-smoke-detector.yaml }]\n", "rs485Buses[0].pollMiliseconds: unknown key 'pollMiliseconds' (did you mean 'pollMilliseconds'?)")]
    public void Each_mistake_is_reported_where_it_is(string yaml, string expected)
    {
        var result = Parse(yaml);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
