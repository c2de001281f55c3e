using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Bindings.OnnxRuntime;
using EdgeSecurity.Testing;
using EdgeSecurity.Video;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Time per detected frame through the detector (preprocess + ORT run + decode + NMS) against the ORT run alone, for
/// yolox_nano_416 on the 768×576 campus frame. Both use the same session options, and their runs alternate so that
/// noise from other load on the machine falls on both alike.
/// </summary>
internal static class DetectOverhead
{
    private const double TargetRatio = 1.15;
    private const int WarmUp = 20;

    public static Task RunAsync(string[] args)
    {
        var frames = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var image = RawImage.Decode(Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg"));
        var frame = new VideoFrame(image.Pixels, image.Width, image.Height, PixelFormat.Bgr24);
        var manifest = ModelManifestLoader.Load(Path.Combine(RepositoryLayout.Root, "models", "yolox_nano_416.yaml"));
        var modelDirectory = Path.Combine(RepositoryLayout.SharedDirectory, "models");

        OrtEnvironment.Initialize(OrtLoggingLevel.Error);
        using var options = new SessionOptions { IntraOpThreads = 2, InterOpThreads = 1 };
        using var detector = OnnxObjectDetector.Create(manifest, modelDirectory, sessionOptions: options);
        using var session = new InferenceSession(Path.Combine(modelDirectory, manifest.ModelFile), options);
        var preprocessor = new ImagePreprocessor(manifest.Input);
        preprocessor.Preprocess(frame);
        using var input = new FloatTensor(preprocessor.Tensor, manifest.Input.Shape.AsSpan());

        var raw = new LatencySample("ORT Run alone");
        var pipeline = new LatencySample("preprocess + Run + decode + NMS");
        var preprocessing = new LatencySample("preprocess alone");
        var detections = 0;
        for (var i = 0; i < WarmUp + frames; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using (session.Run(input))
            {
            }
            var ran = Stopwatch.GetTimestamp();
            detections = detector.Detect(frame).Count;
            var detected = Stopwatch.GetTimestamp();
            preprocessor.Preprocess(frame);
            var preprocessed = Stopwatch.GetTimestamp();
            if (i < WarmUp)
                continue;
            raw.Add(Stopwatch.GetElapsedTime(started, ran));
            pipeline.Add(Stopwatch.GetElapsedTime(ran, detected));
            preprocessing.Add(Stopwatch.GetElapsedTime(detected, preprocessed));
        }

        var ratio = pipeline.Percentile(50) / raw.Percentile(50);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"detect: yolox_nano_416 on a {frame.Width}×{frame.Height} frame ({detections} detections), {frames} frames, intra-op threads 2, spinning off, ORT {OrtEnvironment.RuntimeVersion}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine(raw);
        Console.WriteLine(pipeline);
        Console.WriteLine(preprocessing);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio pipeline ÷ raw ORT            p50 ×{ratio:0.000}  p99 ×{pipeline.Percentile(99) / raw.Percentile(99):0.000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target p50 ratio ≤ {TargetRatio}: {(ratio <= TargetRatio ? "met" : "MISSED")}"));
        return Task.CompletedTask;
    }
}
