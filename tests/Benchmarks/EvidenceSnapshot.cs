using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Bindings.OnnxRuntime;
using EdgeSecurity.Bindings.TurboJpeg;
using EdgeSecurity.Testing;
using EdgeSecurity.Video;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// One alert snapshot through <see cref="EvidenceRecorder"/> (frame copy, UltraFace face detection, pixelation,
/// boxes and a zone drawn, JPEG, written and fsynced into the evidence store) against its two raw costs: tjCompress2
/// of the frame and UltraFace's ORT Run alone. Runs alternate so that other load falls on all three alike.
/// </summary>
internal static class EvidenceSnapshot
{
    private const int WarmUp = 10;
    private const int Quality = 85;

    public static Task RunAsync(string[] args)
    {
        var snapshots = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var image = RawImage.Decode(Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg"));
        var frame = new VideoFrame(image.Pixels, image.Width, image.Height, PixelFormat.Bgr24);
        var modelDirectory = Path.Combine(RepositoryLayout.Root, "models");
        var manifest = ModelManifestLoader.Load(Path.Combine(modelDirectory, "ultraface_rfb_320.yaml"));
        AnnotatedObject[] objects =
        [
            new(new BoundingBox(616, 264, 650, 368), "person", 0.845f, 3, Alert: true),
            new(new BoundingBox(220, 188, 248, 267), "person", 0.831f, 4),
            new(new BoundingBox(732, 52, 767, 95), "car", 0.779f, 9),
        ];
        AnnotatedZone[] zones = [new("lawn", [new(300, 200), new(600, 200), new(600, 400), new(300, 400)])];

        OrtEnvironment.Initialize(OrtLoggingLevel.Error);
        using var options = new SessionOptions { IntraOpThreads = 2, InterOpThreads = 1 };
        using var faces = OnnxObjectDetector.Create(manifest, modelDirectory, sessionOptions: options);
        using var session = new InferenceSession(Path.Combine(modelDirectory, manifest.ModelFile), options);
        var preprocessor = new ImagePreprocessor(manifest.Input);
        preprocessor.Preprocess(frame);
        using var input = new FloatTensor(preprocessor.Tensor, manifest.Input.Shape.AsSpan());
        using var compressor = new JpegCompressor();
        using var data = new TempDirectory("evidence-benchmark");
        var store = EvidenceStore.Open(new EvidenceStoreOptions { DataDirectory = data.Path, GatewayId = "gw-bench", MaxBytes = 64L * 1024 * 1024 });
        using var recorder = new EvidenceRecorder(store, faces, new EvidenceRecorderOptions { JpegQuality = Quality });

        var jpegSample = new LatencySample("tjCompress2 alone");
        var runSample = new LatencySample("UltraFace ORT Run alone");
        var captureSample = new LatencySample("snapshot with face blur, stored");
        var bytes = 0;
        for (var i = 0; i < WarmUp + snapshots; i++)
        {
            var started = Stopwatch.GetTimestamp();
            bytes = compressor.Compress(frame.Pixels.Span, frame.Width, frame.Height, JpegPixelFormat.Bgr, Quality).Length;
            var compressed = Stopwatch.GetTimestamp();
            using (session.Run(input))
            {
            }
            var ran = Stopwatch.GetTimestamp();
            recorder.Capture(frame, objects, zones, EvidenceRetention.Alert);
            var captured = Stopwatch.GetTimestamp();
            if (i < WarmUp)
                continue;
            jpegSample.Add(Stopwatch.GetElapsedTime(started, compressed));
            runSample.Add(Stopwatch.GetElapsedTime(compressed, ran));
            captureSample.Add(Stopwatch.GetElapsedTime(ran, captured));
        }

        var raw = jpegSample.Percentile(50) + runSample.Percentile(50);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"evidence: {snapshots} alert snapshots of the {frame.Width}×{frame.Height} campus frame (JPEG q{Quality}, {bytes / 1024} KB), UltraFace RFB-320, intra-op threads 2, store on {data.Path} (fsync per file), {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine(jpegSample);
        Console.WriteLine(runSample);
        Console.WriteLine(captureSample);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio snapshot ÷ tjCompress2        p50 ×{captureSample.Percentile(50) / jpegSample.Percentile(50):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio snapshot ÷ UltraFace Run      p50 ×{captureSample.Percentile(50) / runSample.Percentile(50):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio snapshot ÷ (JPEG + Run)       p50 ×{captureSample.Percentile(50) / raw:0.00}  p99 ×{captureSample.Percentile(99) / (jpegSample.Percentile(99) + runSample.Percentile(99)):0.00}"));
        return Task.CompletedTask;
    }
}
