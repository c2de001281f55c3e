using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using Xunit.Abstractions;
using static EdgeSecurity.Agent.Tests.Support.PlazaCamera;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The cameras section: its validation, and cameras in the running agent against a real broker.</summary>
public sealed class CameraTests(ITestOutputHelper output)
{

    private static string Cameras(string plazaSource, string modelDirectory) => $$"""
        cameras:
          - id: cam-plaza
            name: 3号楼广场
            place: { building: "3" }
            source: {{plazaSource}}
            loop: true
            width: 640
            height: 480
            detectFps: 5
            model: {{Manifest}}
            modelDirectory: {{modelDirectory}}
            telemetrySeconds: 1
            zones:
              - name: plaza
                units: relative
                points: [[0, 0.33], [1, 0.33], [1, 1], [0, 1]]
            rules:
              - name: intrusion
                type: perimeter_intrusion
                zone: plaza
          - id: cam-broken
            source: /nonexistent/cam.avi
            model: {{Manifest}}
            modelDirectory: {{modelDirectory}}
            rules:
              - name: crowd
                type: crowd_gathering
                minPersons: 3
        """;

    [Fact]
    public async Task A_camera_reports_an_intrusion_its_health_and_telemetry_and_a_broken_one_goes_offline_alone()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, Cameras(VtestAvi, SharedModels)), output);

        var message = await hub.WaitForAsync(m => m.Topic == Topics.Events(Community, GatewayId, "cam-plaza"), "an intrusion of the plaza camera");
        var intrusion = ContractReader.ReadEvent(MqttProbe.ContractTopicOf(message)!, message.Payload).Value!;
        Assert.Equal(EventTypes.PerimeterIntrusion, intrusion.Type);
        Assert.Equal(new Place(Community, "grid-7", "3"), intrusion.Place);
        Assert.Equal(("raised", "plaza", "intrusion", "cam-plaza"), (intrusion.Attributes!["phase"], intrusion.Attributes["zone"], intrusion.Attributes["rule"], intrusion.Attributes["camera"]));
        Assert.True(Guid.TryParse(intrusion.Attributes["alertId"], out _));

        var offline = await hub.WaitForAsync(m => m.Topic == Topics.Events(Community, GatewayId, "cam-broken"), "the broken camera's offline event");
        var offlineEvent = ContractReader.ReadEvent(MqttProbe.ContractTopicOf(offline)!, offline.Payload).Value!;
        Assert.Equal(EventTypes.CameraOffline, offlineEvent.Type);
        Assert.Contains("No such file or directory", offlineEvent.Attributes!["reason"], StringComparison.Ordinal);
        await MqttProbe.RetainedAsync(broker, Topics.State(Community, GatewayId, "cam-broken"), m => IsState(m, "offline"));
        await MqttProbe.RetainedAsync(broker, Topics.State(Community, GatewayId, "cam-plaza"), m => IsState(m, "online"));

        var telemetry = await hub.WaitForAsync(m => m.Topic == Topics.Telemetry(Community, GatewayId, "cam-plaza") && Values(m)["detectFps"] > 0, "the plaza camera's telemetry");
        var values = Values(telemetry);
        Assert.True(values["inputFps"] > 0 && values["inferenceMs"] > 0, string.Join(", ", values));
        Assert.Contains("skippedFrames", values.Keys);
        Assert.Contains("motionPercent", values.Keys);
        Assert.Contains("decodeErrors", values.Keys);

        await using var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        static Dictionary<string, System.Text.Json.JsonElement> CamerasOf(string answer) => System.Text.Json.JsonDocument.Parse(answer[3..]).RootElement
            .GetProperty("cameras").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        var status = await Poll.UntilAsync(() => control.AskAsync("status json"),
            a => CamerasOf(a)["cam-plaza"].TryGetProperty("inputFps", out var fps) && fps.GetDouble() > 0, "the plaza camera's rates in status json");
        using var json = System.Text.Json.JsonDocument.Parse(status[3..]);
        var cameras = json.RootElement.GetProperty("cameras").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal("online", cameras["cam-plaza"].GetProperty("state").GetString());
        Assert.True(cameras["cam-plaza"].GetProperty("inputFps").GetDouble() > 0);
        Assert.True(cameras["cam-plaza"].GetProperty("skippedPercent").GetDouble() is >= 0 and <= 100);
        Assert.Equal("offline", cameras["cam-broken"].GetProperty("state").GetString());
        var plaza = json.RootElement.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "cam-plaza");
        Assert.Equal(("camera", true), (plaza.GetProperty("kind").GetString(), plaza.GetProperty("online").GetBoolean()));
        Assert.True(plaza.TryGetProperty("lastSeenAt", out _));
    }

    [Fact]
    public async Task An_intrusion_carries_a_face_pixelated_snapshot_with_the_zone_drawn_which_is_stored_and_sent_to_the_hub()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        var cameras = PlazaCamera.IntrusionConfig(VtestAvi);
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, cameras), output);

        var message = await hub.WaitForAsync(m => m.Topic == Topics.Events(Community, GatewayId, "cam-plaza"), "an intrusion of the plaza camera");
        var intrusion = ContractReader.ReadEvent(MqttProbe.ContractTopicOf(message)!, message.Payload).Value!;
        Assert.Equal((EventTypes.PerimeterIntrusion, "raised"), (intrusion.Type, intrusion.Attributes!["phase"]));
        var snapshot = intrusion.Evidence!;
        Assert.Equal(EvidenceKind.Snapshot, snapshot.Kind);
        Assert.StartsWith($"evidence://{GatewayId}/snapshots/", snapshot.Uri, StringComparison.Ordinal);

        var sent = await hub.WaitForAsync(m => m.Topic == Topics.Evidence(Community, GatewayId, "cam-plaza"), "the snapshot sent to the hub");
        var upload = ContractReader.ReadEvidenceUpload(MqttProbe.ContractTopicOf(sent)!, sent.Payload).Value!;
        Assert.Equal((snapshot.Uri, "image/jpeg"), (upload.Uri, upload.ContentType));
        var stored = Path.Combine(directory.Path, "evidence", "alert", "snapshots", snapshot.Uri[(snapshot.Uri.LastIndexOf('/') + 1)..]);
        Assert.Equal(File.ReadAllBytes(stored), upload.Data.ToArray());
        Assert.Empty(Directory.GetFiles(Path.Combine(directory.Path, "evidence", "alert", "originals")));
        // Clips are off by default: no clip, no segments, no recorder.
        Assert.Empty(Directory.GetFiles(Path.Combine(directory.Path, "evidence", "alert", "clips")));
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "evidence", "tmp", "segments")));
        Assert.False(CameraClipTests.RecorderRunsFor(directory));

        var image = RawImage.Decode(stored, "rgb24");
        Assert.Equal((640, 480), (image.Width, image.Height));
        // The zone's top edge (y = 0.33 × 480) is drawn in yellow across the picture.
        var yellowColumns = Enumerable.Range(0, image.Width).Count(x => Enumerable.Range(150, 18).Any(y =>
        {
            var i = ((y * image.Width) + x) * 3;
            return image.Pixels[i] > 150 && image.Pixels[i + 1] > 130 && image.Pixels[i] - image.Pixels[i + 2] > 70;
        }));
        Assert.True(yellowColumns > image.Width * 8 / 10, $"{yellowColumns} of {image.Width} columns have the zone's yellow edge");
    }

    [Fact]
    public void The_evidence_section_is_checked_with_the_rest_of_the_file()
    {
        const string yaml = """
            gateway: { id: gw-1, community: cm-1 }
            broker: { host: 127.0.0.1 }
            evidence:
              maxMegabytes: 0
              keepUnblurredOriginal: maybe
              uploadMaxKilobytes: 600
              clip: true
            """;

        var result = ConfigLoader.Parse(yaml, "agent.yaml", "/etc/edgesecurity");

        Assert.Equal(
        [
            (4, "evidence.maxMegabytes", "0 is out of range"),
            (5, "evidence.keepUnblurredOriginal", "'maybe' is not a boolean"),
            (6, "evidence.uploadMaxKilobytes", "600 is out of range"),
            (7, "evidence.clip", "unknown key 'clip' (did you mean 'clips'?)"),
        ], result.Errors.Select(e => (e.Line ?? 0, e.Path ?? "", e.Problem)));
        var defaults = ConfigLoader.Parse("gateway: { id: gw-1, community: cm-1 }\nbroker: { host: 127.0.0.1 }\n", "agent.yaml", "/etc/edgesecurity").Config!.Evidence!;
        Assert.Equal((2048L * 1024 * 1024, false, 85, 512 * 1024), (defaults.MaxBytes, defaults.KeepUnblurredOriginal, defaults.JpegQuality, defaults.UploadMaxBytes));
    }

    [Fact]
    public async Task Structured_objects_need_a_model_and_a_rate_in_range()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        var config = TestAgentConfig.Load(broker, directory, $$"""
            cameras:
              - id: cam-plaza
                source: {{VtestAvi}}
                objectsPerMinute: 30
            """);

        var error = Assert.Throws<AgentStartupException>(() => AgentHost.Build(config));

        Assert.Equal("camera cam-plaza: objectsPerMinute needs a model and the evidence section (its face model pixelates faces on the objects' crops)", error.Message);
        var result = ConfigLoader.Parse("""
            gateway: { id: gw-1, community: cm-1 }
            broker: { host: 127.0.0.1 }
            cameras:
              - id: cam-1
                source: rtsp://10.0.0.5/stream1
                objectsPerMinute: 601
            """, "agent.yaml", "/etc/edgesecurity");
        var problem = Assert.Single(result.Errors);
        Assert.Equal((6, "cameras[0].objectsPerMinute"), (problem.Line ?? 0, problem.Path ?? ""));
        Assert.Contains("601 is out of range", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_file_stops_the_start_naming_the_file_and_the_tensors_it_must_have()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        var models = Directory.CreateDirectory(directory.Combine("models")).FullName;
        File.Copy(Path.Combine(SharedModels, "coco80.names"), Path.Combine(models, "coco80.names"));
        var config = TestAgentConfig.Load(broker, directory, Cameras(VtestAvi, models));

        var error = Assert.Throws<AgentStartupException>(() => AgentHost.Build(config));

        Assert.Equal(
            $"camera cam-plaza: The model file {Path.Combine(models, "yolox_nano_416.onnx")} named by manifest yolox_nano_416 does not exist; it must be an ONNX model with one input images float [1,3,416,416] and one output [1,3549,85].",
            error.Message);
    }

    [Fact]
    public async Task A_wrong_model_file_stops_the_start_naming_the_file_and_the_tensors_it_must_have()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        var models = Directory.CreateDirectory(directory.Combine("models")).FullName;
        File.Copy(Path.Combine(SharedModels, "coco80.names"), Path.Combine(models, "coco80.names"));
        File.Copy(Path.Combine(SharedModels, "picodet_s_416_coco.onnx"), Path.Combine(models, "yolox_nano_416.onnx"));
        var config = TestAgentConfig.Load(broker, directory, Cameras(VtestAvi, models));

        var error = Assert.Throws<AgentStartupException>(() => AgentHost.Build(config));

        Assert.StartsWith($"camera cam-plaza: {Path.Combine(models, "yolox_nano_416.onnx")} is not the model manifest yolox_nano_416 describes", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("it must be an ONNX model with one input images float [1,3,416,416] and one output [1,3549,85].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Camera_mistakes_are_reported_with_their_line_and_every_one_at_once()
    {
        const string yaml = """
            gateway: { id: gw-1, community: cm-1 }
            broker: { host: 127.0.0.1 }
            cameras:
              - id: cam-1
                source: rtsp://10.0.0.5/stream1
                width: 640
                height: 360
                detectFps: fast
                zones:
                  - name: lawn
                    points: [[0, 0], [700, 0], [700, 100]]
                  - name: bowtie
                    points: [[0, 0], [100, 100], [100, 0], [0, 100]]
                  - name: wire
                    kind: line
                    points: [[0, 0], [10, 10], [20, 20]]
                rules:
                  - name: r1
                    type: perimeter_intrusoin
                  - name: r2
                    type: loitering
                    zone: hall
                  - name: r3
                    type: line_crossing
                    zone: bowtie
                    schedule: ["22:00-6"]
                  - name: r4
                    type: ebike_in_lift
            """;

        var result = ConfigLoader.Parse(yaml, "agent.yaml", "/etc/edgesecurity");

        Assert.Equal(
        [
            (8, "cameras[0].detectFps", "'fast' is not a number"),
            (11, "cameras[0].zones[0].points", "camera cam-1 zone lawn: point 2 (700, 0) is outside the 640×360 frame"),
            (11, "cameras[0].zones[0].points", "camera cam-1 zone lawn: point 3 (700, 100) is outside the 640×360 frame"),
            (13, "cameras[0].zones[1].points", "camera cam-1 zone bowtie: the polygon crosses itself: edge 1 (point 1 to 2) crosses edge 3 (point 3 to 4)"),
            (16, "cameras[0].zones[2].points", "camera cam-1 zone wire: a line needs exactly 2 points; it has 3"),
            (19, "cameras[0].rules[0].type", "'perimeter_intrusoin' is not a choice (did you mean 'perimeter_intrusion'?)"),
            (21, "cameras[0].rules[1].type", "this loitering rule needs the camera's detector"),
            (22, "cameras[0].rules[1].zone", "'hall' is not a zone of this camera"),
            (24, "cameras[0].rules[2].type", "this line_crossing rule needs the camera's detector"),
            (25, "cameras[0].rules[2].zone", "'bowtie' is an area"),
            (26, "cameras[0].rules[2].schedule", "'22:00-6' is not a time window"),
            (28, "cameras[0].rules[3].type", "this ebike_in_lift rule needs a zone"),
            (28, "cameras[0].rules[3].type", "this ebike_in_lift rule needs the camera's detector"),
        ], result.Errors.Select(e => (e.Line ?? 0, e.Path ?? "", e.Problem)));
    }

    [Fact]
    public void The_demo_site_camera_loads_as_run_sh_renders_it()
    {
        using var directory = new TempDirectory();
        var template = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "hardware", "demo-site", "agent.yaml.template"));
        var path = directory.Combine("agent.yaml");
        File.WriteAllText(path, template.Replace("@MQTT_PORT@", "18830", StringComparison.Ordinal).Replace("@EDGE_DIR@", directory.Path, StringComparison.Ordinal)
            .Replace("@REPO_DIR@", RepositoryLayout.Root, StringComparison.Ordinal).Replace("@DEMO_VIDEO@", VtestAvi, StringComparison.Ordinal)
            .Replace("@TLS@", "# ", StringComparison.Ordinal));

        var result = ConfigLoader.Load(path);

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        var camera = Assert.Single(result.Config!.Cameras);
        Assert.Equal(("cam-b3-plaza", VtestAvi, Path.Combine(RepositoryLayout.Root, ".models")), (camera.Id, camera.Source, camera.Model!.Directory));
        Assert.Equal(["lawn-intrusion", "lawn-loitering"], camera.Rules.Select(r => r.Name));
    }

    private static bool IsState(MqttMessage message, string state) =>
        ContractReader.ReadDeviceState(MqttProbe.ContractTopicOf(message)!, message.Payload).Value?.State == state;

    private static IReadOnlyDictionary<string, double> Values(MqttMessage message) =>
        ContractReader.ReadDeviceTelemetry(MqttProbe.ContractTopicOf(message)!, message.Payload).Value!.Values;
}
