using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Cli.Tests.Support;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// The installer's whole journey with real processes only, as on site: mosquitto in authenticated mode whose accounts
/// the hub process provisions (as ./run.sh sets them up), the hub with the demo site, and every step through the real
/// <c>edgesec</c> process: enrol two gateways, add a simulated door and a camera (vtest.avi over RTSP, YOLOX-Nano)
/// with a zone, validate, walk-test with the agent running, test alarm, report; then the second gateway's account is
/// shown unable to write into the first gateway's topics or read its commands.
/// </summary>
public sealed class InstallerJourneyTests(RtspTestServer camera) : IClassFixture<RtspTestServer>
{
    private const string Door = "door-x";
    private const string Camera = "cam-x";
    private const string First = DemoSite.Gateway;
    private const string FirstCommunity = DemoSite.Community;
    private const string Second = DemoSite.OtherGateway;
    private const string SecondCommunity = DemoSite.OtherCommunity;
    private const string HubUsername = "hub";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WalkTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Enrol_configure_walk_test_test_alarm_and_report_then_the_second_gateway_cannot_touch_the_first()
    {
        // 1. An authenticated broker wired to the hub process: the hub writes the password and ACL files and signals the pid.
        using var site = new TempDirectory("journey");
        string passwords = site.Combine("passwords"), acl = site.Combine("acl"), pidFile = site.Combine("mosquitto.pid");
        await File.WriteAllTextAsync(passwords, "");
        await File.WriteAllTextAsync(acl, "");
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions
        {
            AllowAnonymous = false,
            ExtraConfig = [$"password_file {passwords}", $"acl_file {acl}", $"pid_file {pidFile}"],
        });
        var hubPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var hubUrl = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
        await using var hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
        [
            "--urls", hubUrl.ToString(),
            $"--Hub:Mqtt:Port={broker.Port}", $"--Hub:Mqtt:Username={HubUsername}", $"--Hub:Mqtt:Password={hubPassword}", "--Hub:Mqtt:ReconnectMaxDelay=00:00:01",
            $"--Hub:Broker:PasswordFile={passwords}", $"--Hub:Broker:AclFile={acl}", $"--Hub:Broker:PidFile={pidFile}",
            $"--Hub:Storage:SqlitePath={site.Combine("hub.db")}", "--Hub:Enrolment:BrokerHost=127.0.0.1", DemoSite.HubArgument,
        ], RepositoryLayout.Root);
        await hub.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);
        using var admin = await DemoSite.SignInAsync(hubUrl);
        var firstCode = await IssueAsync(admin, First);
        var secondCode = await IssueAsync(admin, Second);

        // 2. Enrolment: the first gateway's config holds only where the agent keeps its data; the second has no config yet.
        using var gateway = new TempDirectory("journey-gw1");
        using var otherGateway = new TempDirectory("journey-gw2");
        var config = gateway.Combine("agent.yaml");
        var otherConfig = otherGateway.Combine("agent.yaml");
        await File.WriteAllTextAsync(config, $"# gateway of building 3\ndataDirectory: {gateway.Path}\n");
        await Succeeds("enroll", "--hub", hubUrl.ToString(), "--code", firstCode, "--config", config);
        await Succeeds("enroll", "--hub", hubUrl.ToString(), "--code", secondCode, "--config", otherConfig);

        // 3. The devices, the camera's zone and rule, and the check of the whole config.
        await Succeeds("device", "add", "door", Door, "--simulated", "--name", "3号楼东门", "--building", "3", "--unit", "1", "--config", config);
        await Succeeds("device", "add", "camera", Camera, "--url", camera.Url, "--width", "640", "--height", "480", "--detect-fps", "4",
            "--model", Path.Combine(RepositoryLayout.Root, "models", "yolox_nano_416.yaml"), "--model-directory", Path.Combine(RepositoryLayout.Root, ".models"),
            "--building", "3", "--config", config);
        await Succeeds("zone", "add", Camera, "lawn", "--relative", "--polygon", "0,0.4 1,0.4 1,1 0,1", "--rule", "perimeter_intrusion", "--config", config);
        var validated = (await Succeeds("config", "validate", "--config", config)).Json();
        Assert.True(validated.GetProperty("valid").GetBoolean());
        Assert.Equal(First, validated.GetProperty("gateway").GetString());

        // 4. The walk test with the agent running: the test moves the door, the camera's walkers fire by themselves.
        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], gateway.Path);
        await agent.WaitForOutputAsync("Control socket listening on", StartTimeout);
        var walking = Edgesec.RunProcessAsync("en_US.UTF-8", WalkTimeout + TimeSpan.FromSeconds(30), "test", "walk", "--config", config, "--timeout", "3m", "--json");
        var socket = gateway.Combine("agent.sock");
        await Poll.UntilAsync(() => AskAsync(socket, "walktest status"), a => a.StartsWith("ok {", StringComparison.Ordinal) && JsonNode.Parse(a[3..])!["active"]!.GetValue<bool>(), "the walk test to start");
        var opened = await AskAsync(socket, $"open {Door}");
        Assert.StartsWith("ok", opened, StringComparison.Ordinal);
        Assert.StartsWith("ok", await AskAsync(socket, $"close {Door}"), StringComparison.Ordinal);
        var walk = await walking;
        Assert.True(walk.ExitCode == ExitCodes.Ok, $"{walk}\nagent:\n{agent.Output}");
        var walked = walk.Json();
        Assert.Equal("passed", walked.GetProperty("outcome").GetString());
        Assert.Empty(walked.GetProperty("missing").EnumerateArray());
        var fired = walked.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!, d => d);
        Assert.Equal(new[] { Camera, Door }, fired.Keys.Order(StringComparer.Ordinal));
        Assert.All(fired.Values, d => Assert.Equal(JsonValueKind.String, d.GetProperty("firedAt").ValueKind));

        // 5. The test alarm comes back confirmed; the hub keeps the walk test's and the test alarm's incidents as tests.
        var alarm = await Succeeds("test", "alarm", "--config", config, "--timeout", "30s");
        var confirmed = alarm.Json();
        Assert.True(confirmed.GetProperty("confirmed").GetBoolean());
        Assert.InRange(confirmed.GetProperty("roundTripMilliseconds").GetDouble(), 0.01, 30_000);
        var incidents = await Poll.UntilAsync(() => IncidentsAsync(admin),
            list => new[] { Door, Camera, First }.All(device => list.Any(i => (string?)i["deviceId"] == device)), "the door's, the camera's and the test alarm's incidents at the hub");
        Assert.All(incidents, i => Assert.True((bool)i["isTest"]!, i.ToJsonString()));
        Assert.Contains(incidents, i => (string?)i["deviceId"] == First && (string?)i["type"] == "fire.smoke_alarm");

        // 6. The report: both devices passed, the camera's snapshot embedded.
        var reportPath = gateway.Combine("report.html");
        await Succeeds("report", "--config", config, "--out", reportPath);
        var html = await File.ReadAllTextAsync(reportPath);
        Assert.Matches($"<tr id=\"device-{Door}\">.*<span class=\"passed\">✔", html);
        Assert.Matches($"<tr id=\"device-{Camera}\">.*<span class=\"passed\">✔", html);
        Assert.Contains($"<figure id=\"camera-{Camera}\"><img alt=\"", html, StringComparison.Ordinal);
        Assert.Matches($"<figure id=\"camera-{Camera}\"><img [^>]*src=\"data:image/jpeg;base64,/9j/", html);
        Assert.DoesNotContain("not tested", html, StringComparison.Ordinal);
        Assert.Contains($"<td>阳光花园社区 ({FirstCommunity})", html, StringComparison.Ordinal);
        Assert.Matches("<td>[^<]* / 阳光花园社区</td>", html);

        // 7. The second gateway's own account, from its config, against mosquitto: denied into the first gateway's topics.
        var loaded = ConfigLoader.Load(otherConfig);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Errors));
        var credentials = loaded.Config.Broker;
        Assert.Equal(Second, credentials.Username);
        await using var observer = await ConnectAsync(broker, "journey-observer", HubUsername, hubPassword);
        var seen = new BlockingCollection<string>();
        await observer.SubscribeAsync($"{Topics.Root}/#", MqttQos.AtLeastOnce, m => RecordOurs(seen, m));
        await using var intruder = await ConnectAsync(broker, Second, credentials.Username!, credentials.Password!);

        var refused = await Assert.ThrowsAsync<MqttException>(() => intruder.PublishAsync(Topics.Events(FirstCommunity, First, Door), Payload("forged"), MqttQos.AtLeastOnce));
        Assert.Contains("reason code 135", refused.Message, StringComparison.Ordinal);
        await intruder.PublishAsync(Topics.Events(FirstCommunity, First, Camera), Payload("forged"), MqttQos.AtMostOnce);
        // The broker keeps one client's messages in order: once its own message arrives, the forged ones never will.
        await intruder.PublishAsync(Topics.Events(SecondCommunity, Second, "door-9"), Payload("control"), MqttQos.AtLeastOnce);
        Assert.Equal($"{Topics.Events(SecondCommunity, Second, "door-9")} control", Next(seen));
        Assert.Empty(seen);

        var received = new BlockingCollection<string>();
        try
        {
            await intruder.SubscribeAsync(Topics.Commands(FirstCommunity, First, First), MqttQos.AtLeastOnce, m => RecordOurs(received, m));
        }
        catch (MqttException)
        {
            // Refused at SUBACK is as good as granted and never delivered; what counts is below.
        }
        await intruder.SubscribeAsync(Topics.Commands(SecondCommunity, Second, Second), MqttQos.AtLeastOnce, m => RecordOurs(received, m));
        await observer.PublishAsync(Topics.Commands(FirstCommunity, First, First), Payload("forged"), MqttQos.AtLeastOnce);
        await observer.PublishAsync(Topics.Commands(SecondCommunity, Second, Second), Payload("control"), MqttQos.AtLeastOnce);
        Assert.Equal($"{Topics.Commands(SecondCommunity, Second, Second)} control", Next(received));
        Assert.Empty(received);
    }

    /// <summary>The real <c>edgesec</c> process in English with <c>--json</c>; it must succeed.</summary>
    private static async Task<CliResult> Succeeds(params string[] args)
    {
        var result = await Edgesec.RunProcessAsync("en_US.UTF-8", [.. args, "--json"]);
        Assert.True(result.ExitCode == ExitCodes.Ok, $"edgesec {string.Join(' ', args)}: {result}");
        return result;
    }

    private static async Task<string> IssueAsync(HttpClient admin, string gatewayId)
    {
        using var response = await admin.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!;
    }

    private static async Task<string> AskAsync(string socket, string line)
    {
        await using var client = await ControlClient.ConnectAsync(socket);
        return await client.AskAsync(line);
    }

    private static async Task<List<JsonNode>> IncidentsAsync(HttpClient admin)
    {
        var page = JsonNode.Parse(await admin.GetStringAsync(new Uri($"/api/incidents?community={FirstCommunity}&pageSize=500", UriKind.Relative)))!;
        return [.. page["items"]!.AsArray().Select(i => i!)];
    }

    /// <summary>The broker applies a new account at its reload after the hub's signal, so the first attempts may be refused.</summary>
    private static async Task<MqttClient> ConnectAsync(MosquittoBroker broker, string clientId, string username, string password) =>
        await Poll.UntilAsync(async () =>
        {
            var client = new MqttClient(new MqttClientOptions { ClientId = clientId, Host = broker.Host, Port = broker.Port, Username = username, Password = password });
            try
            {
                await client.ConnectAsync();
                return client;
            }
            catch (MqttException)
            {
                await client.DisposeAsync();
                return null;
            }
        }, c => c is not null, $"{username} to be accepted by the broker") ?? throw new InvalidOperationException("unreachable");

    private static ReadOnlyMemory<byte> Payload(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Only this test's own payloads: the running agent and the hub publish on the same topics meanwhile.</summary>
    private static ValueTask RecordOurs(BlockingCollection<string> seen, MqttMessage message)
    {
        var payload = Encoding.UTF8.GetString(message.Payload.Span);
        if (payload is "forged" or "control")
            seen.Add($"{message.Topic} {payload}");
        return ValueTask.CompletedTask;
    }

    private static string Next(BlockingCollection<string> seen) =>
        seen.TryTake(out var message, Poll.DefaultTimeout) ? message : throw new TimeoutException("no message arrived");
}
