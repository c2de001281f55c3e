using EdgeSecurity.Agent.Cameras;
using EdgeSecurity.Bindings.TurboJpeg;
using EdgeSecurity.Cli.Camera;
using EdgeSecurity.Video;

namespace EdgeSecurity.Cli.Zones;

/// <summary>
/// Snapshots of a configured camera at its detect size (the size its zones are in), drawn on and compressed with
/// TurboJPEG: with a coordinate grid for picking points, or with the zones as the agent will check them.
/// </summary>
public static class ZoneImages
{
    private const int Quality = 90;

    /// <summary>One frame from the camera, decoded by ffmpeg to the camera's width × height.</summary>
    public static Task<(byte[]? Pixels, ProbeFailure? Failure)> GrabAsync(CameraConfig camera, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return CameraProbe.GrabFrameAsync(camera.Source, camera.Width, camera.Height, timeout, cancellationToken);
    }

    /// <returns>The JPEG and the grid's step in pixels.</returns>
    public static (byte[] Jpeg, int Step) WithGrid(byte[] pixels, CameraConfig camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var frame = new VideoFrame(pixels, camera.Width, camera.Height, PixelFormat.Bgr24);
        var step = CoordinateGrid.StepFor(camera.Width, camera.Height);
        CoordinateGrid.Draw(frame, step);
        return (Compress(pixels, camera), step);
    }

    /// <summary>The camera's zones (relative ones scaled to the detect size), outlined and named as on alert snapshots.</summary>
    public static byte[] WithZones(byte[] pixels, CameraConfig camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var frame = new VideoFrame(pixels, camera.Width, camera.Height, PixelFormat.Bgr24);
        var zones = CameraZones.Create(camera.Id, camera.Zones, camera.Width, camera.Height).All
            .Select(z => new AnnotatedZone(z.Name, z.Points, Closed: z.Kind == ZoneKind.Area))
            .ToList();
        FrameAnnotator.Draw(frame, [], zones);
        return Compress(pixels, camera);
    }

    private static byte[] Compress(byte[] pixels, CameraConfig camera)
    {
        using var compressor = new JpegCompressor();
        return compressor.Compress(pixels, camera.Width, camera.Height, JpegPixelFormat.Bgr, Quality).ToArray();
    }
}
