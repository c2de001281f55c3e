using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Testing;
using EdgeSecurity.Video;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// The file camera source's decode throughput at 640×360 (ffmpeg unpaced, frames into the pool), and motion detection's
/// cost per frame against the raw cost of copying that frame: on people walking, and on a static scene, which should cost
/// almost nothing since it gates inference for most frames of a real camera.
/// </summary>
internal static class VideoThroughput
{
    private const int Width = 640;
    private const int Height = 360;
    private const int Rounds = 9;

    public static async Task RunAsync(string[] args)
    {
        var decodedFrames = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1500;
        var input = Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest.avi");

        var (framesPerSecond, frames) = await DecodeAsync(input, decodedFrames);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"video: vtest.avi (768×576 MS-MPEG4) → {Width}×{Height} bgr24, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decode (file source, looped, unpaced)  {decodedFrames} frames  {framesPerSecond,7:0} frames/s"));

        var target = new byte[Width * Height * VideoFrame.BytesPerPixel];
        var walking = new MotionDetector();
        var still = new MotionDetector();
        var staticScene = Enumerable.Repeat(frames[0], frames.Count).ToList();
        var copy = new List<double>();
        var moving = new List<double>();
        var unchanged = new List<double>();
        // The three alternate round by round, so that other load on the machine falls on all of them alike.
        for (var round = 0; round < Rounds + 1; round++)
        {
            var copyTime = PerFrame(frames, frame => frame.Pixels.Span.CopyTo(target));
            var movingTime = PerFrame(frames, frame => walking.Detect(frame));
            var unchangedTime = PerFrame(staticScene, frame => still.Detect(frame));
            if (round == 0)
                continue;
            copy.Add(copyTime);
            moving.Add(movingTime);
            unchanged.Add(unchangedTime);
        }
        var copyMedian = Median(copy);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"copy one frame (raw cost)               {copyMedian,7:0.0} µs   median of {Rounds} rounds of {frames.Count} frames"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"motion, people walking                  {Median(moving),7:0.0} µs   ×{Median(moving.Zip(copy, (m, c) => m / c)):0.00} of a copy"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"motion, static scene                    {Median(unchanged),7:0.0} µs   ×{Median(unchanged.Zip(copy, (m, c) => m / c)):0.00} of a copy"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>Mean time per frame of one pass over the frames, in microseconds.</summary>
    private static double PerFrame(List<VideoFrame> frames, Action<VideoFrame> work)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var frame in frames)
            work(frame);
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / frames.Count;
    }

    /// <summary>Frames per second from the first frame to the last, and copies of the first pass's frames for the motion runs.</summary>
    private static async Task<(double FramesPerSecond, List<VideoFrame> Frames)> DecodeAsync(string input, int count)
    {
        const int kept = 300;
        await using var camera = new CameraSource(new CameraSourceOptions { Name = "vtest", Input = input, Width = Width, Height = Height, Loop = true });
        var frames = new List<VideoFrame>(kept);
        var received = 0;
        long first = 0;
        var done = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        camera.Start(frame =>
        {
            using (frame)
            {
                if (received == 0)
                    first = Stopwatch.GetTimestamp();
                if (frames.Count < kept)
                    frames.Add(new VideoFrame(frame.Frame.Pixels.ToArray(), Width, Height, PixelFormat.Bgr24));
                if (++received == count + 1)
                    done.TrySetResult(count / Stopwatch.GetElapsedTime(first).TotalSeconds);
            }
        });
        return (await done.Task.WaitAsync(TimeSpan.FromMinutes(2)), frames);
    }
}
