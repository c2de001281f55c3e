using System.Text;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Contract;
using EdgeSecurity.Modbus.Profiles;
using Xunit.Abstractions;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>
/// Smoke detectors and sensors through the agent's real host and a real mosquitto: simulated dry-contact relays driven
/// from the control socket, and Modbus RTU devices answering over a socat pty pair, observed the way the hub sees them.
/// </summary>
public sealed class SmokeDetectorTests(ITestOutputHelper output)
{
    private const string Relay = "smoke-hall";
    private const string Bus = "bus-b3";
    private const string Detector = "smoke-b3-5f";
    private const string Climate = "th-b3-shed";

    [Fact]
    public async Task A_simulated_relay_detector_goes_through_every_state_from_the_control_socket()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, $$"""
            smokeDetectors:
              - id: {{Relay}}
                name: 3号楼大堂烟感
                place: { building: "3", floor: "1" }
                source: simulated
                debounceMilliseconds: 20
            """), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        await hub.WaitForAsync(m => IsState(m, Relay, "normal"), "the detector's normal state");

        Assert.Equal($"ok {Relay} alarm relay closed; reported after the 20 ms debounce", await control.AskAsync($"smoke alarm {Relay}"));
        var alarm = await EventAsync(hub, Relay, EventTypes.SmokeAlarm);
        Assert.Equal(new Place(Community, "grid-7", "3", null, "1"), alarm.Place);
        Assert.Equal("3号楼大堂烟感", alarm.Attributes!["deviceName"]);
        await hub.WaitForAsync(m => IsState(m, Relay, "alarm"), "the alarm state");

        Assert.StartsWith("ok", await control.AskAsync($"smoke clear {Relay}"), StringComparison.Ordinal);
        await Poll.UntilAsync(() => control.AskAsync("sensors"), s => s.Contains($"{Relay} normal (simulated)", StringComparison.Ordinal), "the alarm to clear");

        Assert.StartsWith("ok", await control.AskAsync($"smoke fault {Relay}"), StringComparison.Ordinal);
        await EventAsync(hub, Relay, EventTypes.DetectorFault);
        var faulty = await hub.WaitForAsync(m => IsState(m, Relay, "fault"), "the fault state");
        Assert.True(StateOf(faulty).Health!.Fault);
        var device = await StatusOfAsync(control, Relay);
        Assert.Equal(("smoke", "fault", true, true), (device.GetProperty("kind").GetString(), device.GetProperty("state").GetString(),
            device.GetProperty("online").GetBoolean(), device.GetProperty("fault").GetBoolean()));
        Assert.True(device.GetProperty("lastSeenAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.StartsWith("ok", await control.AskAsync($"smoke restore {Relay}"), StringComparison.Ordinal);
        await Poll.UntilAsync(() => control.AskAsync("sensors"), s => s.Contains($"{Relay} normal (simulated)", StringComparison.Ordinal), "the fault to clear");
        Assert.Single(hub.Received, m => IsEvent(m, Relay, EventTypes.SmokeAlarm));
        Assert.Single(hub.Received, m => IsEvent(m, Relay, EventTypes.DetectorFault));

        Assert.Equal("error: unknown smoke action 'smolder'; expected: smoke alarm|clear|fault|restore <detectorId>", await control.AskAsync($"smoke smolder {Relay}"));
        Assert.Equal($"error: unknown smoke detector 'nope'; simulated detectors: {Relay}", await control.AskAsync("smoke alarm nope"));
        Assert.StartsWith("error: 'smoke' takes an action and a detector id", await control.AskAsync("smoke alarm"), StringComparison.Ordinal);

        Assert.Equal($"ok {Relay} measurement of 2 value(s) stored", await control.AskAsync($"smoke measure {Relay} smokeDensity=0.08 temperature=26.5"));
        var measured = await TelemetryAsync(hub, Relay);
        Assert.Equal((0.08, 26.5), (measured.Values["smokeDensity"], measured.Values["temperature"]));
        Assert.StartsWith("error: 'temperature' is not a measurement", await control.AskAsync($"smoke measure {Relay} temperature"), StringComparison.Ordinal);
        Assert.StartsWith("error: 'NaN' is not a number", await control.AskAsync($"smoke measure {Relay} temperature=NaN"), StringComparison.Ordinal);
        Assert.StartsWith("error: 'x' is given twice", await control.AskAsync($"smoke measure {Relay} x=1 x=2"), StringComparison.Ordinal);
        Assert.StartsWith("error: 'smoke measure' takes a detector id and at least one measurement", await control.AskAsync($"smoke measure {Relay}"), StringComparison.Ordinal);
        Assert.Single(hub.Received, m => IsTelemetry(m, Relay));
    }

    [Fact]
    public async Task A_wired_detector_whose_gpio_chip_is_missing_is_reported_offline_and_the_agent_runs_on()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        // Through the real libgpiod: this machine has no such chip, as a gateway whose USB GPIO expander is unplugged.
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, """
            smokeDetectors:
              - id: smoke-wired
                alarm: { chip: gpiochip-absent, line: 22 }
                fault: { chip: gpiochip-absent, line: 23 }
            """), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);

        var offline = await EventAsync(hub, "smoke-wired", EventTypes.SensorOffline);
        Assert.Equal("gpio_unavailable", offline.Attributes!["reason"]);
        await hub.WaitForAsync(m => IsState(m, "smoke-wired", "offline"), "the offline state");
        Assert.True(agent.Log.Contains(Microsoft.Extensions.Logging.LogLevel.Error, "gpiochip-absent"));
        Assert.Equal("error: smoke detector 'smoke-wired' is wired to GPIO; only simulated detectors can be switched from here", await control.AskAsync("smoke alarm smoke-wired"));
        Assert.StartsWith("ok door-1 open", await control.AskAsync("open door-1"), StringComparison.Ordinal);
        var device = await StatusOfAsync(control, "smoke-wired");
        Assert.Equal(("offline", false), (device.GetProperty("state").GetString(), device.GetProperty("online").GetBoolean()));
        Assert.False(device.TryGetProperty("lastSeenAt", out _));
    }

    /// <summary>One device of the control socket's <c>status json</c>.</summary>
    internal static async Task<System.Text.Json.JsonElement> StatusOfAsync(ControlClient control, string deviceId)
    {
        var answer = await control.AskAsync("status json");
        Assert.StartsWith("ok {", answer, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(answer[3..]);
        return json.RootElement.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("id").GetString() == deviceId).Clone();
    }

    [Fact]
    public async Task Modbus_devices_report_every_condition_their_measurements_and_going_offline_and_back()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var cable = await SocatPtyPair.StartAsync();
        var smoke = SimulatedDetectorBus.Device(SimulatedDetectorBus.SmokeProfile);
        var climate = SimulatedDetectorBus.Device(SimulatedDetectorBus.TemperatureHumidityProfile);
        var devices = new Dictionary<byte, SimulatedDevice> { [3] = smoke, [10] = climate };
        var field = SimulatedDetectorBus.Serve(cable.PathB, devices);
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, BusYaml(cable.PathA)), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);

        var first = await hub.WaitForAsync(m => IsState(m, Detector, "normal"), "the detector's first state");
        Assert.Equal(3.05, StateOf(first).Health!.BatteryVolts!.Value, 3);
        var smokeTelemetry = await TelemetryAsync(hub, Detector);
        Assert.Equal(0.02, smokeTelemetry.Values["smokeDensity"], 3);
        Assert.Equal(24.5, smokeTelemetry.Values["temperature"], 3);
        Assert.False(smokeTelemetry.Values.ContainsKey("status"));
        var climateTelemetry = await TelemetryAsync(hub, Climate);
        Assert.Equal((22.5, 55.0), (climateTelemetry.Values["temperature"], climateTelemetry.Values["humidity"]));

        smoke.SetCondition(StatusConditions.Alarm, true);
        smoke.SetValue("smokeDensity", 0.25);
        var alarm = await EventAsync(hub, Detector, EventTypes.SmokeAlarm);
        Assert.Equal(new Place(Community, "grid-7", "3", "2", "5"), alarm.Place);
        await hub.WaitForAsync(m => IsState(m, Detector, "alarm"), "the alarm state");
        await hub.WaitForAsync(m => IsTelemetry(m, Detector) && TelemetryOf(m).Values["smokeDensity"] > 0.2, "the rising smoke density");
        smoke.SetCondition(StatusConditions.Alarm, false);
        await hub.WaitForAsync(m => IsState(m, Detector, "normal") && m != first, "the alarm cleared");

        smoke.SetCondition(StatusConditions.Fault, true);
        await EventAsync(hub, Detector, EventTypes.DetectorFault);
        smoke.SetCondition(StatusConditions.Fault, false);
        smoke.SetCondition(StatusConditions.LowBattery, true);
        smoke.SetValue("batteryVoltage", 2.6);
        var lowBattery = await EventAsync(hub, Detector, EventTypes.LowBattery);
        Assert.Equal("2.60", lowBattery.Attributes!["batteryVolts"]);
        var battery = await hub.WaitForAsync(m => IsState(m, Detector, "low_battery"), "the low-battery state");
        Assert.Equal((true, false, true), (StateOf(battery).Health!.Online, StateOf(battery).Health!.Fault, StateOf(battery).Health!.LowBattery));

        // Every device falls silent: after two missed polls each is offline, with one event each.
        await field.DisposeAsync();
        var offline = await EventAsync(hub, Detector, EventTypes.SensorOffline);
        Assert.Equal("no_answer", offline.Attributes!["reason"]);
        await EventAsync(hub, Climate, EventTypes.SensorOffline);
        var lost = await hub.WaitForAsync(m => IsState(m, Detector, "offline"), "the offline state");
        Assert.False(StateOf(lost).Health!.Online);
        Assert.NotNull(StateOf(lost).Health!.LastSeenAt);

        // The alarm rises while the detector cannot be heard: it is reported when it answers again.
        smoke.SetCondition(StatusConditions.Alarm, true);
        field = SimulatedDetectorBus.Serve(cable.PathB, devices);
        await using var _ = field;
        await hub.WaitForAsync(m => IsState(m, Detector, "alarm") && StateOf(m).At > StateOf(lost).At, "the detector back online, in alarm");
        await hub.WaitForAsync(m => IsState(m, Climate, "normal") && StateOf(m).At > StateOf(lost).At, "the sensor back online");
        await Poll.UntilAsync(() => Task.FromResult(hub.Received.Count(m => IsEvent(m, Detector, EventTypes.SmokeAlarm))), n => n == 2, "the second smoke alarm");
        Assert.Single(hub.Received, m => IsEvent(m, Detector, EventTypes.SensorOffline));

        var sensors = await control.AskAsync("sensors");
        Assert.Contains($"bus {Bus} open on {cable.PathA}", sensors, StringComparison.Ordinal);
        Assert.Contains($"{Detector} alarm (slave 3, photoelectric-smoke-detector", sensors, StringComparison.Ordinal);
        Assert.Matches(@"[1-9]\d* timeouts", sensors);
    }

    [Fact]
    public async Task Garbage_and_exception_answers_are_counted_and_the_bus_keeps_polling()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var cable = await SocatPtyPair.StartAsync();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, BusYaml(cable.PathA)), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);

        // A field side that answers every request with a frame whose CRC is wrong, then with one cut short, then with
        // a Modbus exception (illegal data address): what a noisy cable and a wrong profile look like.
        using (var line = SerialLine.Open(cable.PathB))
        {
            await AnswerAsync(line, [0x03, 0x03, 0x02, 0x00, 0x01, 0xDE, 0xAD], until: s => s.Contains("bad CRC", StringComparison.Ordinal) && !s.Contains(" 0 bad CRC", StringComparison.Ordinal), control);
            await AnswerAsync(line, [0x03, 0x03, 0x08, 0x00], until: s => !s.Contains(" 0 wrong length", StringComparison.Ordinal), control);
            await AnswerAsync(line, WithCrc([0x03, 0x83, 0x02]), until: s => !s.Contains(" 0 exception answers", StringComparison.Ordinal), control);
        }
        var offline = await EventAsync(hub, Detector, EventTypes.SensorOffline);
        Assert.Contains(offline.Attributes!["reason"], (string[])["invalid_answers", "exception_answer", "no_answer"]);

        var smoke = SimulatedDetectorBus.Device(SimulatedDetectorBus.SmokeProfile);
        await using var field = SimulatedDetectorBus.Serve(cable.PathB, new Dictionary<byte, SimulatedDevice> { [3] = smoke });
        await hub.WaitForAsync(m => IsState(m, Detector, "normal") && StateOf(m).Health!.Online && StateOf(m).At > offline.OccurredAt, "the detector back");
        var counters = await hub.WaitForAsync(m => IsTelemetry(m, Bus) && TelemetryOf(m).Values["badCrc"] > 0, "the bus counters as telemetry");
        Assert.True(TelemetryOf(counters).Values["wrongLength"] > 0);
    }

    [Fact]
    public async Task An_adapter_unplugged_and_plugged_back_is_reported_and_opened_again()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var cable = await SocatPtyPair.StartAsync();
        var smoke = SimulatedDetectorBus.Device(SimulatedDetectorBus.SmokeProfile);
        var devices = new Dictionary<byte, SimulatedDevice> { [3] = smoke };
        var field = SimulatedDetectorBus.Serve(cable.PathB, devices);
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        // Missed polls would mark the detector offline on their own if the port's error came late (a loaded machine
        // takes a while to kill socat): the bus being gone must be what the agent reports.
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, BusYaml(cable.PathA, offlineAfterMissedPolls: 30)), output);
        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        await hub.WaitForAsync(m => IsState(m, Detector, "normal"), "the detector's first state");

        await cable.KillAsync();
        await field.DisposeAsync();
        var gone = await EventAsync(hub, Bus, EventTypes.SensorOffline);
        Assert.Equal("serial_port_unavailable", gone.Attributes!["reason"]);
        await hub.WaitForAsync(m => IsState(m, Detector, "offline"), "the detector unreachable");
        Assert.Contains($"bus {Bus} unavailable", await control.AskAsync("sensors"), StringComparison.Ordinal);

        smoke.SetCondition(StatusConditions.Fault, true);
        await cable.RestartAsync();
        await using var back = SimulatedDetectorBus.Serve(cable.PathB, devices);
        await hub.WaitForAsync(m => IsState(m, Bus, "normal") && StateOf(m).At > gone.OccurredAt, "the bus open again");
        await EventAsync(hub, Detector, EventTypes.DetectorFault);
        await Poll.UntilAsync(() => control.AskAsync("sensors"), s => s.Contains("1 reopens", StringComparison.Ordinal), "the reopen to be counted");
        Assert.Single(hub.Received, m => IsEvent(m, Bus, EventTypes.SensorOffline));
        Assert.DoesNotContain(hub.Received, m => IsEvent(m, Detector, EventTypes.SensorOffline));
    }

    private static string BusYaml(string port, int offlineAfterMissedPolls = 2) => $$"""
        rs485Buses:
          - id: {{Bus}}
            port: {{port}}
            responseTimeoutMilliseconds: 40
            retries: 0
            pollMilliseconds: 100
            offlineAfterMissedPolls: {{offlineAfterMissedPolls}}
            telemetrySeconds: 1
            devices:
              - id: {{Detector}}
                slaveId: 3
                profile: {{SimulatedDetectorBus.SmokeProfile}}
                place: { building: "3", unit: "2", floor: "5" }
              - id: {{Climate}}
                slaveId: 10
                profile: {{SimulatedDetectorBus.TemperatureHumidityProfile}}
        """;

    /// <summary>Answers each request arriving on the field side with <paramref name="answer"/> until the agent's counters show it.</summary>
    private static async Task AnswerAsync(SerialLine line, byte[] answer, Func<string, bool> until, ControlClient control)
    {
        var buffer = new byte[256];
        await Poll.UntilAsync(async () =>
        {
            if (await line.ReadAsync(buffer, TimeSpan.FromMilliseconds(200)) > 0)
                await line.WriteAsync(answer, TimeSpan.FromSeconds(1));
            return await control.AskAsync("sensors");
        }, until, $"the agent to count the answer {Convert.ToHexString(answer)}");
    }

    private static byte[] WithCrc(byte[] frame)
    {
        ushort crc = 0xFFFF;
        foreach (var b in frame)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
        }
        return [.. frame, (byte)crc, (byte)(crc >> 8)];
    }

    private static async Task<EdgeEvent> EventAsync(MqttProbe hub, string device, EventType type)
    {
        var message = await hub.WaitForAsync(m => IsEvent(m, device, type), $"{type.Code} of {device}");
        return ContractReader.ReadEvent(MqttProbe.ContractTopicOf(message)!, message.Payload).Value!;
    }

    private static async Task<DeviceTelemetry> TelemetryAsync(MqttProbe hub, string device) =>
        TelemetryOf(await hub.WaitForAsync(m => IsTelemetry(m, device), $"telemetry of {device}"));

    private static bool IsEvent(MqttMessage message, string device, EventType type) =>
        message.Topic == Topics.Events(Community, GatewayId, device)
        && ContractReader.ReadEvent(MqttProbe.ContractTopicOf(message)!, message.Payload).Value?.Type == type;

    private static bool IsState(MqttMessage message, string device, string state) =>
        message.Topic == Topics.State(Community, GatewayId, device) && StateOf(message).State == state;

    private static bool IsTelemetry(MqttMessage message, string device) => message.Topic == Topics.Telemetry(Community, GatewayId, device);

    private static DeviceState StateOf(MqttMessage message)
    {
        var read = ContractReader.ReadDeviceState(MqttProbe.ContractTopicOf(message)!, message.Payload);
        Assert.True(read.IsAccepted, $"{read.Rejection}: {Encoding.UTF8.GetString(message.Payload.Span)}");
        return read.Value!;
    }

    private static DeviceTelemetry TelemetryOf(MqttMessage message)
    {
        var read = ContractReader.ReadDeviceTelemetry(MqttProbe.ContractTopicOf(message)!, message.Payload);
        Assert.True(read.IsAccepted, read.Rejection?.ToString());
        return read.Value!;
    }
}
