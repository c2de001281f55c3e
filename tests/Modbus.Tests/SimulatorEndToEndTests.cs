using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus.Profiles;
using EdgeSecurity.Modbus.Tests.Support;

namespace EdgeSecurity.Modbus.Tests;

/// <summary>The simulator as an installer runs it (a real process on a socat pty pair), polled by the master through the profile.</summary>
public sealed class SimulatorEndToEndTests
{
    [Fact]
    public async Task An_alarm_raised_on_the_simulators_stdin_is_seen_by_the_master_through_the_profile()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var simulator = await SimulatorProcess.StartAsync(
            "--line", pair.PathB, "--device", $"1,2={ProfileLoadingTests.SmokeDetectorProfile}");
        using var line = SerialLine.Open(pair.PathA, new SerialSettings { BaudRate = 9600 });
        using var master = new ModbusRtuMaster(line, PtyBus.Options());
        var profile = DeviceProfileLoader.LoadFile(ProfileLoadingTests.SmokeDetectorProfile).ProfileOrThrow();
        var detector = new ModbusDevice(master, 1, profile);
        var neighbour = new ModbusDevice(master, 2, profile);

        var before = await detector.PollAsync();
        Assert.Equal("ok: slave 1 alarm active", await simulator.AskAsync("alarm 1 on"));
        Assert.Equal("ok: slave 1 smokeDensity = 0.35", await simulator.AskAsync("smoke 1 0.35"));
        var during = await detector.PollAsync();
        var besides = await neighbour.PollAsync();
        Assert.Equal("ok: slave 1 alarm cleared", await simulator.AskAsync("alarm 1 off"));
        Assert.Equal("ok: slave 1 fault active", await simulator.AskAsync("fault 1 on"));
        Assert.Equal("ok: slave 1 low_battery active", await simulator.AskAsync("battery 1 low"));
        var after = await detector.PollAsync();

        Assert.False(before.IsActive(StatusConditions.Alarm));
        Assert.True(during.IsActive(StatusConditions.Alarm), simulator.Output);
        Assert.Equal(0.35, during.Values["smokeDensity"], precision: 9);
        Assert.False(besides.IsActive(StatusConditions.Alarm));
        Assert.False(after.IsActive(StatusConditions.Alarm));
        Assert.True(after.IsActive(StatusConditions.Fault));
        Assert.True(after.IsActive(StatusConditions.LowBattery));
    }

    [Fact]
    public async Task Every_bad_command_line_gets_an_error_and_the_simulator_keeps_serving_until_quit()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var simulator = await SimulatorProcess.StartAsync(
            "--line", pair.PathB, "--device", $"5={ProfileLoadingTests.TemperatureHumidityProfile}");

        Assert.Equal("error: unknown command 'alrm'; commands: alarm, fault, battery, smoke, set, show, help, quit", await simulator.AskAsync("alrm 5 on"));
        Assert.Equal("error: no simulated device has slave id '9' (serving 5)", await simulator.AskAsync("set 9 humidity 40"));
        Assert.Equal("error: 'wet' is not a number", await simulator.AskAsync("set 5 humidity wet"));
        Assert.Equal("error: -3 %RH is outside what humidity can hold (0 to 6553.5 %RH)", await simulator.AskAsync("set 5 humidity -3"));
        Assert.Equal("error: 'maybe' is neither on nor off", await simulator.AskAsync("alarm 5 maybe"));
        Assert.Equal("error: the profile temperature-humidity-sensor has no status bit for 'alarm' (its conditions: none)", await simulator.AskAsync("alarm 5 on"));
        Assert.Equal("error: usage: smoke <id> <value>", await simulator.AskAsync("smoke 5"));
        Assert.Equal("ok: slave 5 humidity = 40", await simulator.AskAsync("set 5 humidity 40"));

        using var line = SerialLine.Open(pair.PathA, new SerialSettings { BaudRate = 9600 });
        using var master = new ModbusRtuMaster(line, PtyBus.Options());
        Assert.Equal([225, 400], await master.ReadInputRegistersAsync(5, 1, 2));
        Assert.Equal("ok: quitting", await simulator.AskAsync("quit"));
        Assert.Equal(0, await simulator.WaitForExitAsync());
    }

    [Fact]
    public async Task When_its_line_goes_away_the_simulator_says_so_and_keeps_running()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var simulator = await SimulatorProcess.StartAsync(
            "--line", pair.PathB, "--device", $"1={ProfileLoadingTests.SmokeDetectorProfile}");

        await pair.KillAsync();

        await Poll.UntilAsync(() => Task.FromResult(simulator.Output), output => output.Contains("Trying again every 1 s.", StringComparison.Ordinal), "the simulator to report the lost line", PtyBus.Patience);
        Assert.Contains($"Serial line {pair.PathB} was closed by the other end", simulator.Output, StringComparison.Ordinal);
        Assert.Equal("ok: slave 1 alarm active", await simulator.AskAsync("alarm 1 on"));
    }

    [Fact]
    public async Task A_broken_profile_or_command_line_stops_the_simulator_with_every_error_listed()
    {
        using var directory = new TempDirectory("simulator");
        var profile = directory.Combine("broken.yaml");
        await File.WriteAllTextAsync(profile, "name: broken\ndeviceResources:\n  - name: status\n    register: coil\n    address: 0\n    dataType: uint16\n    scale: 0\n");

        var badProfile = await SimulatorProcess.RunToExitAsync("--line", "/dev/null", "--device", $"1={profile}");
        var badArguments = await SimulatorProcess.RunToExitAsync("--device", "0=x.yaml", "--baud", "fast", "--verbsoe");

        Assert.Equal(2, badProfile.ExitCode);
        Assert.Contains($"{profile}:4:15: deviceResources[0].register: unknown register 'coil'", badProfile.Output, StringComparison.Ordinal);
        Assert.Contains($"{profile}:7:12: deviceResources[0].scale: is 0", badProfile.Output, StringComparison.Ordinal);
        Assert.Equal(2, badArguments.ExitCode);
        Assert.Contains("error: --device: '0' is not a slave id (1 to 247) or a range of them like 3-5", badArguments.Output, StringComparison.Ordinal);
        Assert.Contains("error: --baud 'fast' is not a number", badArguments.Output, StringComparison.Ordinal);
        Assert.Contains("error: unknown option '--verbsoe'", badArguments.Output, StringComparison.Ordinal);
        Assert.Contains("error: --line is missing", badArguments.Output, StringComparison.Ordinal);
    }
}
