using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace EdgeSecurity.Testing;

/// <summary>
/// GStreamer's RTSP server (rtsp_server.py) serving vtest.avi, pre-encoded once to H.264, at rtsp://127.0.0.1:port/camera.
/// Tests can kill it and start it again on the same port, as when a camera loses power. A class fixture of the camera
/// source and CLI tests.
/// </summary>
public sealed class RtspTestServer : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new("rtsp");
    private Process? _server;

    public int Port { get; } = FreeTcpPort.Next();

    public string Url => string.Create(CultureInfo.InvariantCulture, $"rtsp://127.0.0.1:{Port}/camera");

    private string Video => _directory.Combine("vtest.mp4");

    public async Task InitializeAsync()
    {
        // A key frame every second lets a client that connects mid-stream start decoding at once.
        await RunAsync("ffmpeg", ["-nostdin", "-loglevel", "error", "-t", "20", "-i", Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest.avi"),
            "-an", "-vf", "scale=640:480", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", Video]);
        await StartAsync();
    }

    /// <summary>Starts the server and waits until it listens; retried while the port is still held by the last one.</summary>
    public async Task StartAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var server = Process.Start(new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Rtsp", "rtsp_server.py"), Port.ToString(CultureInfo.InvariantCulture), Video])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("python3 did not start");
            var errors = server.StandardError.ReadToEndAsync();
            var firstLine = await server.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
            if (firstLine == "ready")
            {
                _server = server;
                return;
            }
            await server.WaitForExitAsync();
            server.Dispose();
            if (deadline.Elapsed > StartTimeout)
                throw new InvalidOperationException($"the RTSP server did not start: {await errors}");
        }
    }

    /// <summary>SIGKILL: clients see their connection drop with no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_server is null)
            return;
        _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync();
        _server.Dispose();
        _server = null;
    }

    public async Task DisposeAsync()
    {
        await KillAsync();
    }

    public void Dispose() => _directory.Dispose();

    private static async Task RunAsync(string program, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{program} did not start");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed: {errors}");
    }
}
