using System.Text;
using System.Text.Json;
using EdgeSecurity.Agent.Commissioning;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Control;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Agent.Modes;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.Rs485;
using EdgeSecurity.Agent.Rules;
using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Agent.SmokeDetectors;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EdgeSecurity.Agent.Tests;

public sealed class ControlSocketTests(ITestOutputHelper output)
{
    private Task<RunningControlSocket> StartAsync() => RunningControlSocket.StartAsync(output);

    [Fact]
    public async Task Door_commands_drive_the_simulated_doors()
    {
        await using var control = await StartAsync();
        await using var client = await ControlClient.ConnectAsync(control.SocketPath);

        var forced = await client.AskAsync("open door-1");
        Assert.Equal($"ok door-1 open; forced opening reported as event {Assert.Single(control.Published.EventIds)}", forced);
        Assert.Equal("ok door-1 already open", await client.AskAsync("open door-1"));
        Assert.Equal("ok door-1 closed", await client.AskAsync("close door-1"));
        Assert.Equal("ok door-1 released; an opening within 10 s is legitimate", await client.AskAsync("release door-1"));
        Assert.Equal("ok door-1 open", await client.AskAsync("  open   door-1\r"));
        Assert.Equal("ok door-2 open", await client.AskAsync("open door-2"));

        Assert.Equal([EventTypes.DoorForcedOpen], control.Published.Events.Select(e => e.Type));
        Assert.Equal(
            [("door-1", "closed"), ("door-2", "closed"), ("door-1", "open"), ("door-1", "closed"), ("door-1", "open"), ("door-2", "open")],
            control.Published.States.Select(s => (s.DeviceId, s.State)));
    }

    [Fact]
    public async Task Status_tells_the_broker_connection_and_every_door()
    {
        await using var control = await StartAsync();
        await using var client = await ControlClient.ConnectAsync(control.SocketPath);
        await client.AskAsync("open door-2");

        Assert.Equal("ok gateway gw-1 broker disconnected; outbox: 0 events, 0 states, 0 telemetry waiting; doors: door-1 closed armed, door-2 open disarmed; mode normal",
            await client.AskAsync("status"));
    }

    [Fact]
    public async Task Status_json_tells_the_mode_the_outbox_and_every_device()
    {
        await using var control = await StartAsync();
        await using var client = await ControlClient.ConnectAsync(control.SocketPath);
        await client.AskAsync("open door-2");
        await client.AskAsync("maintenance door-1 5");

        var answer = await client.AskAsync("status json");

        Assert.StartsWith("ok {", answer, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(answer[3..]);
        var root = json.RootElement;
        Assert.Equal(("gw-1", "cm-1", false, "normal"), (root.GetProperty("gateway").GetString(), root.GetProperty("community").GetString(),
            root.GetProperty("brokerConnected").GetBoolean(), root.GetProperty("mode").GetString()));
        Assert.Equal(0, root.GetProperty("outbox").GetProperty("events").GetInt64());
        Assert.Equal(0, root.GetProperty("outbox").GetProperty("oldestAgeSeconds").GetInt64());
        var doors = root.GetProperty("devices").EnumerateArray().Select(d => (d.GetProperty("id").GetString(), d.GetProperty("kind").GetString(),
            d.GetProperty("state").GetString(), d.GetProperty("online").GetBoolean(), d.GetProperty("armed").GetBoolean(), d.TryGetProperty("lastSeenAt", out _)));
        Assert.Equal([("door-1", "door", "closed", true, true, false), ("door-2", "door", "open", true, false, true)], doors);
        Assert.Empty(root.GetProperty("cameras").EnumerateArray());
        Assert.Equal("door-1", Assert.Single(root.GetProperty("maintenance").EnumerateArray()).GetProperty("device").GetString());
    }

    [Theory]
    [InlineData("open door-9", "error: unknown door 'door-9'; known doors: door-1, door-2")]
    [InlineData("opne door-1", "error: unknown command 'opne'; expected one of: open <doorId>, close <doorId>, release <doorId>, tamper <doorId> open|closed, test on|off <deviceId|all>, maintenance <deviceId|all> <minutes>|off, smoke alarm|clear|fault|restore <detectorId>, smoke measure <detectorId> <name>=<value> ..., sensors, walktest start <seconds>|status|stop, testalarm <seconds>, status [json], help")]
    [InlineData("open", "error: 'open' takes exactly one door id; expected: open <doorId>")]
    [InlineData("close door-1 door-2", "error: 'close' takes exactly one door id; expected: close <doorId>")]
    [InlineData("status now", "error: expected: status [json]")]
    [InlineData("", "error: empty command; expected one of: open <doorId>, close <doorId>, release <doorId>, tamper <doorId> open|closed, test on|off <deviceId|all>, maintenance <deviceId|all> <minutes>|off, smoke alarm|clear|fault|restore <detectorId>, smoke measure <detectorId> <name>=<value> ..., sensors, walktest start <seconds>|status|stop, testalarm <seconds>, status [json], help")]
    [InlineData("open\u001b[2Jdoor", "error: unknown command 'open?[2Jdoor'; expected one of: open <doorId>, close <doorId>, release <doorId>, tamper <doorId> open|closed, test on|off <deviceId|all>, maintenance <deviceId|all> <minutes>|off, smoke alarm|clear|fault|restore <detectorId>, smoke measure <detectorId> <name>=<value> ..., sensors, walktest start <seconds>|status|stop, testalarm <seconds>, status [json], help")]
    public async Task A_bad_command_gets_a_clear_error_and_the_connection_keeps_serving(string line, string answer)
    {
        await using var control = await StartAsync();
        await using var client = await ControlClient.ConnectAsync(control.SocketPath);

        Assert.Equal(answer, await client.AskAsync(line));
        Assert.StartsWith("ok gateway gw-1", await client.AskAsync("status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_bytes_get_an_error_and_the_connection_keeps_serving()
    {
        await using var control = await StartAsync();
        await using var client = await ControlClient.ConnectAsync(control.SocketPath);

        await client.SendRawAsync([0xff, 0xfe, 0x00, 0x1b, (byte)'[', (byte)'\n']);

        Assert.StartsWith("error: unknown command", await client.ReadAnswerAsync(), StringComparison.Ordinal);
        Assert.Equal("ok door-1 already closed", await client.AskAsync("close door-1"));
    }

    [Fact]
    public async Task An_overlong_line_is_refused_without_being_buffered_and_the_connection_keeps_serving()
    {
        await using var control = await StartAsync();
        await using var client = await ControlClient.ConnectAsync(control.SocketPath);

        await client.SendRawAsync(Encoding.UTF8.GetBytes("open " + new string('x', 100_000) + "\n"));

        Assert.Equal("error: line longer than 1024 bytes; expected one command per line", await client.ReadAnswerAsync());
        Assert.StartsWith("ok door-1 open; forced opening reported as event ", await client.AskAsync("open door-1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_last_line_without_a_line_ending_is_answered()
    {
        await using var control = await StartAsync();
        await using var client = await ControlClient.ConnectAsync(control.SocketPath);

        await client.SendRawAsync(Encoding.UTF8.GetBytes("open door-1"));
        client.FinishSending();

        Assert.StartsWith("ok door-1 open; forced opening reported as event ", await client.ReadAnswerAsync(), StringComparison.Ordinal);
        Assert.Null(await client.ReadAnswerOrEndAsync());
    }

    [Fact]
    public async Task Many_clients_are_served_at_the_same_time()
    {
        await using var control = await StartAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ControlClient.ConnectAsync(control.SocketPath)));
        try
        {
            // Every client is connected before any asks, so a server serving one client at a time would not answer all.
            var answers = await Task.WhenAll(clients.Select(c => c.AskAsync("status")));

            Assert.All(answers, answer => Assert.StartsWith("ok gateway gw-1", answer, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_socket_is_for_the_agents_user_and_group_only()
    {
        await using var control = await StartAsync();

        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
            File.GetUnixFileMode(control.SocketPath));
    }

    [Fact]
    public async Task A_second_agent_on_the_same_socket_is_refused()
    {
        await using var control = await StartAsync();

        var refusal = Assert.Throws<AgentStartupException>(() => ControlSocketListener.Claim(control.SocketPath));

        Assert.Contains("is in use", refusal.Message, StringComparison.Ordinal);
        await using var client = await ControlClient.ConnectAsync(control.SocketPath);
        Assert.StartsWith("ok", await client.AskAsync("status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_removes_the_socket_and_ends_open_connections()
    {
        await using var control = await StartAsync();
        await using var client = await ControlClient.ConnectAsync(control.SocketPath);
        await client.AskAsync("status");

        await control.Server.StopAsync(CancellationToken.None);

        Assert.False(File.Exists(control.SocketPath));
        Assert.Null(await client.ReadAnswerOrEndAsync());
    }

    /// <summary>A control socket over two simulated doors whose output is recorded, in a temp directory.</summary>
    private sealed class RunningControlSocket : IAsyncDisposable
    {
        private readonly TempDirectory _directory = new();
        private readonly ILoggerFactory _loggers;
        private readonly AgentConfig _config;
        private readonly DoorContacts _doors;
        private readonly DurableOutbox _outbox;

        private RunningControlSocket(ITestOutputHelper output)
        {
            _loggers = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider(output)));
            _config = new AgentConfig(
                new GatewayConfig("gw-1", "cm-1", null),
                new BrokerConfig("127.0.0.1", 1883, null, null, TimeSpan.FromSeconds(30)),
                TimeSpan.FromSeconds(30),
                _directory.Path,
                _directory.Combine("run/agent.sock"),
                new OutboxConfig(_directory.Combine("outbox.db"), 1024 * 1024, TimeSpan.FromSeconds(30)),
                [Door("door-1", armed: true), Door("door-2", armed: false)]);
            var clock = new LocalClock(TimeProvider.System, TimeZoneInfo.Utc);
            var mode = new GatewayModeState(_config, NullLogger<GatewayModeState>.Instance);
            _doors = new DoorContacts(_config, TimeProvider.System, Published, new SimulatedDoorWiring(_config, TimeProvider.System),
                new GpioBackend(() => throw new InvalidOperationException("no GPIO door here")), clock, mode, NullLoggerFactory.Instance);
            _outbox = DurableOutbox.Open(_config.Outbox, TimeProvider.System, NullLogger<DurableOutbox>.Instance);
            Server = new ControlSocketServer(
                ControlSocketListener.Claim(_config.ControlSocketPath),
                new ControlCommands(_config, _doors, new SensorCommands(
                    new RelaySmokeDetectors(_config, TimeProvider.System, Published, NullLoggerFactory.Instance),
                    new Rs485Buses(_config, Published, TimeProvider.System, NullLoggerFactory.Instance), Published, TimeProvider.System),
                    new Disconnected(), _outbox, new DeviceOverrides(_config, clock), mode, Commissioning(), TimeProvider.System),
                _loggers.CreateLogger<ControlSocketServer>());
        }

        public RecordingPublisher Published { get; } = new();

        public ControlSocketServer Server { get; }

        public string SocketPath => _config.ControlSocketPath;

        public static async Task<RunningControlSocket> StartAsync(ITestOutputHelper output)
        {
            var control = new RunningControlSocket(output);
            await control._doors.StartAsync(CancellationToken.None);
            await control.Server.StartAsync(CancellationToken.None);
            return control;
        }

        public async ValueTask DisposeAsync()
        {
            await Server.StopAsync(CancellationToken.None);
            Server.Dispose();
            _doors.Dispose();
            _outbox.Dispose();
            _loggers.Dispose();
            _directory.Dispose();
        }

        private CommissioningCommands Commissioning()
        {
            var store = new CommissioningStore(_config, NullLogger<CommissioningStore>.Instance);
            return new CommissioningCommands(new WalkTest(_config, store, TimeProvider.System, NullLogger<WalkTest>.Instance),
                new TestAlarm(_config, new OutboxPublisher(_outbox, _config), new HubConfirmations(), store, TimeProvider.System, NullLogger<TestAlarm>.Instance));
        }

        private static DoorConfig Door(string id, bool armed) =>
            new(id, null, new DoorPlace("3", "2", "1", null), DoorSource.Simulated, armed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));
    }

    private sealed class Disconnected : IBrokerConnectionState
    {
        public bool IsConnected => false;
    }
}
