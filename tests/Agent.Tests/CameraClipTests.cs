using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using Xunit.Abstractions;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>
/// Alert clips (<c>evidence.clips</c>): off by default; when on, a camera alert gets a clip copied from the camera's
/// stream into the gateway's evidence store, named by an update of the alert and never sent to the hub.
/// </summary>
public sealed class CameraClipTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("file")]
    [InlineData("rtsp")]
    public async Task With_clips_on_an_intrusion_is_followed_by_an_update_naming_an_h264_clip_kept_on_the_gateway(string camera)
    {
        using var directory = new TempDirectory();
        if (camera == "file")
        {
            await IntrusionHasAClipAsync(directory, CameraVideo(directory));
            return;
        }
        using var rtsp = new RtspTestServer();
        await rtsp.InitializeAsync();
        try
        {
            await IntrusionHasAClipAsync(directory, rtsp.Url);
        }
        finally
        {
            await rtsp.DisposeAsync();
        }
    }

    private async Task IntrusionHasAClipAsync(TempDirectory directory, string video)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);
        var cameras = PlazaCamera.IntrusionConfig(video, clips: "{ enabled: true, beforeSeconds: 2, afterSeconds: 2 }");
        await using var agent = await RunningAgent.StartAsync(TestAgentConfig.Load(broker, directory, cameras), output);

        var raised = Event(await hub.WaitForAsync(m => IsEvent(m, "raised"), "an intrusion of the plaza camera"));
        Assert.Equal(EvidenceKind.Snapshot, raised.Evidence!.Kind);
        var update = Event(await hub.WaitForAsync(m => IsEvent(m, "updated") && Event(m).Attributes!.ContainsKey("clip"), "the update naming the intrusion's clip"));

        Assert.Equal((EventTypes.PerimeterIntrusion, raised.Attributes!["alertId"]), (update.Type, update.Attributes!["alertId"]));
        Assert.Null(update.Evidence);
        var uri = update.Attributes["clip"];
        Assert.Matches($"^evidence://{GatewayId}/clips/[0-9a-f-]{{36}}\\.mp4$", uri);
        var stored = Path.Combine(directory.Path, "evidence", "alert", "clips", uri[(uri.LastIndexOf('/') + 1)..]);
        var (codec, duration) = Probe(stored);
        Assert.Equal("h264", codec);
        // The 2 s after the alert, and up to 2 s before it (recording began with the agent, just before the first
        // intrusion); a copy starts on the key frame at or before the window (GOP 1 s).
        Assert.InRange(duration, 2.0, 5.5);
        Assert.True(RecorderRunsFor(directory), "the clip recorder's ffmpeg writes segments under the evidence store");
        // Faces in a copied clip are not pixelated: only snapshots go to the hub.
        Assert.All(hub.Received.Where(m => MqttProbe.ContractTopicOf(m)?.Kind == TopicKind.Evidence),
            m => Assert.Contains("/snapshots/", ContractReader.ReadEvidenceUpload(MqttProbe.ContractTopicOf(m)!, m.Payload).Value!.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_clips_section_is_refused_with_its_lines()
    {
        const string yaml = """
            gateway: { id: gw-1, community: cm-1 }
            broker: { host: 127.0.0.1 }
            evidence:
              clips:
                enabled: maybe
                beforeSeconds: 61
                afterSeconds: 0
                upload: true
            """;

        var result = ConfigLoader.Parse(yaml, "agent.yaml", "/etc/edgesecurity");

        Assert.Equal(
        [
            (5, "evidence.clips.enabled", "'maybe' is not a boolean"),
            (6, "evidence.clips.beforeSeconds", "61 is out of range"),
            (7, "evidence.clips.afterSeconds", "0 is out of range"),
            (8, "evidence.clips.upload", "unknown key 'upload'"),
        ], result.Errors.Select(e => (e.Line ?? 0, e.Path ?? "", e.Problem)));
        var defaults = ConfigLoader.Parse("gateway: { id: gw-1, community: cm-1 }\nbroker: { host: 127.0.0.1 }\n", "agent.yaml", "/etc/edgesecurity").Config!.Evidence!.Clips;
        Assert.Equal((false, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), (defaults.Enabled, defaults.Before, defaults.After));
    }

    /// <summary>Whether an ffmpeg writes segments under this agent's data directory (the clip recorder).</summary>
    internal static bool RecorderRunsFor(TempDirectory directory) =>
        Directory.EnumerateDirectories("/proc").Select(p => Path.Combine(p, "cmdline")).Any(path =>
        {
            try
            {
                var commandLine = File.ReadAllText(path).Replace('\0', ' ');
                return commandLine.Contains("-f segment", StringComparison.Ordinal) && commandLine.Contains(directory.Path, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static bool IsEvent(MqttMessage message, string phase) =>
        message.Topic == Topics.Events(Community, GatewayId, "cam-plaza") && Event(message).Attributes?.GetValueOrDefault("phase") == phase;

    private static EdgeEvent Event(MqttMessage message) => ContractReader.ReadEvent(MqttProbe.ContractTopicOf(message)!, message.Payload).Value!;

    /// <summary>vtest.avi as a camera would send it: H.264, a key frame every second (10 frames at 10 fps), 20 s.</summary>
    private static string CameraVideo(TempDirectory directory)
    {
        var path = directory.Combine("camera.mp4");
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", ["-nostdin", "-loglevel", "error", "-t", "20", "-i", PlazaCamera.VtestAvi,
            "-an", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return path;
    }

    private static (string Codec, double Duration) Probe(string path)
    {
        var info = new ProcessStartInfo("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name:format=duration", "-of", "default=noprint_wrappers=1", path])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var fields = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return (fields["codec_name"], double.Parse(fields["duration"], CultureInfo.InvariantCulture));
    }
}
