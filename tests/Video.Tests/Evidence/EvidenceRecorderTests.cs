using EdgeSecurity.Testing;
using EdgeSecurity.Bindings.TurboJpeg;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Video.Tests.Evidence;

/// <summary>Snapshots of real frames through the real face detector, TurboJPEG and the store on disk.</summary>
public sealed class EvidenceRecorderTests(FaceDetector faces) : IClassFixture<FaceDetector>, IDisposable
{
    private static readonly AnnotatedZone Lawn = new("lawn", [new(300, 200), new(600, 200), new(600, 400), new(300, 400)]);
    private readonly TempDirectory _directory = new("evidence-recorder");

    [Fact]
    public void A_snapshot_of_the_campus_frame_is_a_jpeg_of_its_size_with_the_boxes_and_zones_drawn()
    {
        var store = Store();
        using var recorder = new EvidenceRecorder(store, faces.Instance);
        var frame = TestData.Frame("vtest_frame_t20s.jpg");
        var pixelsBefore = frame.Pixels.ToArray();
        AnnotatedObject person = new(new BoundingBox(616, 264, 650, 368), "person", 0.845f, 3, Alert: true);

        var evidence = recorder.Capture(frame, [person, new(new BoundingBox(732, 52, 767, 95), "car", 0.779f)], [Lawn], EvidenceRetention.Alert);

        Assert.Equal(EvidenceKind.Snapshot, evidence.Kind);
        var item = store.Find(evidence.Uri);
        Assert.NotNull(item);
        Assert.Equal(EvidenceRetention.Alert, item.Retention);
        var image = Decode(store, evidence.Uri);
        Assert.Equal((768, 576), (image.Width, image.Height));
        // ffmpeg agrees that it is a valid JPEG of that size.
        Assert.Equal((768, 576), (RawImage.Decode(item.Path).Width, RawImage.Decode(item.Path).Height));
        // The alert box's left edge is red (JPEG moves colours a little), the camera's frame untouched.
        var edge = Pixel(image, 617, 320);
        Assert.True(edge[2] > 170 && edge[1] < 100 && edge[0] < 100, $"box edge is B{edge[0]} G{edge[1]} R{edge[2]}");
        var zone = Pixel(image, 450, 200);
        Assert.True(zone[2] > 200 && zone[1] > 160 && zone[0] < 110, $"zone edge is B{zone[0]} G{zone[1]} R{zone[2]}");
        Assert.Equal(pixelsBefore, frame.Pixels.ToArray());
        Assert.DoesNotContain(store.Items, i => i.Kind == EvidenceFileKind.Original);
    }

    [Fact]
    public void Faces_are_blurred_on_the_snapshot_and_the_unblurred_original_is_kept_only_when_configured()
    {
        var frame = TestData.Frame("opencv_messi5.jpg");
        var blurredOnly = Store("blurred");
        using (var recorder = new EvidenceRecorder(blurredOnly, faces.Instance))
            recorder.Capture(frame, [], [], EvidenceRetention.Alert);
        var withOriginal = Store("original");
        using var keeping = new EvidenceRecorder(withOriginal, faces.Instance, new EvidenceRecorderOptions { KeepUnblurredOriginal = true });

        var evidence = keeping.Capture(frame, [], [], EvidenceRetention.Alert);

        Assert.Equal([EvidenceFileKind.Snapshot], blurredOnly.Items.Select(i => i.Kind));
        var face = Assert.Single(keeping.LastBlurredFaces);
        var snapshot = Decode(withOriginal, evidence.Uri);
        var original = withOriginal.Items.Single(i => i.Kind == EvidenceFileKind.Original);
        Assert.Equal(withOriginal.Find(evidence.Uri)!.Id, original.Id);
        var unblurred = Decode(withOriginal, original.Uri);
        var source = frame.Pixels.ToArray();
        var blurred = MeanDifference(snapshot.Pixels, source, frame.Width, face);
        var kept = MeanDifference(unblurred.Pixels, source, frame.Width, face);
        var elsewhere = MeanDifference(snapshot.Pixels, source, frame.Width, new PixelRectangle(20, 200, 150, 100));
        Assert.True(blurred > 12 && kept < 8 && elsewhere < 8, $"mean difference from the camera's frame: snapshot's face {blurred:0.0}, original's face {kept:0.0}, snapshot elsewhere {elsewhere:0.0}");
    }

    [Fact]
    public void A_crop_around_an_object_is_stored_as_a_snapshot_with_its_margin_and_the_face_in_it_pixelated()
    {
        var frame = TestData.Frame("opencv_messi5.jpg");
        var store = Store();
        using var recorder = new EvidenceRecorder(store, faces.Instance);
        recorder.Capture(frame, [], [], EvidenceRetention.Alert);
        var face = Assert.Single(recorder.LastBlurredFaces);
        // A "person" box around the face and below it, as the tracker would give.
        var box = new BoundingBox(face.X - 20, face.Y - 10, face.Right + 20, Math.Min(frame.Height - 1, face.Bottom + 120));

        var crop = recorder.CaptureCrop(frame, box, EvidenceRetention.Alert);

        var left = (int)MathF.Floor(box.Left - (box.Width / 10));
        var top = (int)MathF.Floor(box.Top - (box.Height / 10));
        var right = Math.Min(frame.Width, (int)MathF.Ceiling(box.Right + (box.Width / 10)));
        var bottom = Math.Min(frame.Height, (int)MathF.Ceiling(box.Bottom + (box.Height / 10)));
        Assert.Equal((right - left, bottom - top), (crop.Width, crop.Height));
        Assert.Equal(File.ReadAllBytes(store.Find(crop.Evidence.Uri)!.Path), crop.Jpeg);
        Assert.Equal(EvidenceFileKind.Snapshot, store.Find(crop.Evidence.Uri)!.Kind);
        var image = Decode(store, crop.Evidence.Uri);
        Assert.Equal((crop.Width, crop.Height), (image.Width, image.Height));
        // Compare the crop with the same area of the camera's frame: the face changed, the rest did not.
        var source = new byte[crop.Width * crop.Height * 3];
        for (var y = 0; y < crop.Height; y++)
            frame.Row(top + y).Slice(left * 3, crop.Width * 3).CopyTo(source.AsSpan(y * crop.Width * 3));
        var faceInCrop = new PixelRectangle(face.X - left, face.Y - top, face.Width, face.Height);
        var below = new PixelRectangle(0, faceInCrop.Bottom + 30, crop.Width, Math.Min(40, crop.Height - faceInCrop.Bottom - 30));
        var blurred = MeanDifference(image.Pixels, source, crop.Width, faceInCrop);
        var elsewhere = MeanDifference(image.Pixels, source, crop.Width, below);
        Assert.True(blurred > 20 && elsewhere < 10, $"mean difference from the camera's frame: face {blurred:0.0}, below it {elsewhere:0.0}");
        Assert.DoesNotContain(store.Items, i => i.Kind == EvidenceFileKind.Original);
    }

    [Fact]
    public void Blurring_faces_without_a_face_detector_is_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new EvidenceRecorder(Store(), faceDetector: null));

        Assert.Contains("ultraface_rfb_320.yaml", error.Message, StringComparison.Ordinal);
        using var unblurred = new EvidenceRecorder(Store(), null, new EvidenceRecorderOptions { BlurFaces = false });
    }

    [Fact]
    public void A_frame_with_padded_rows_gives_the_same_snapshot_as_a_packed_one()
    {
        var packed = TestData.Frame("opencv_messi5.jpg");
        var stride = (packed.Width * 3) + 40;
        var padded = new byte[stride * packed.Height];
        for (var y = 0; y < packed.Height; y++)
            packed.Row(y).CopyTo(padded.AsSpan(y * stride));
        var store = Store();
        using var recorder = new EvidenceRecorder(store, faces.Instance);

        var fromPacked = recorder.Capture(packed, [], [Lawn], EvidenceRetention.Routine);
        var fromPadded = recorder.Capture(new VideoFrame(padded, packed.Width, packed.Height, PixelFormat.Bgr24, stride), [], [Lawn], EvidenceRetention.Routine);

        Assert.Equal(File.ReadAllBytes(store.Find(fromPacked.Uri)!.Path), File.ReadAllBytes(store.Find(fromPadded.Uri)!.Path));
    }

    public void Dispose() => _directory.Dispose();

    private EvidenceStore Store(string name = "data") =>
        EvidenceStore.Open(new EvidenceStoreOptions { DataDirectory = _directory.Combine(name), GatewayId = "gw-test-01" });

    private static JpegImage Decode(EvidenceStore store, string uri)
    {
        using var stream = store.OpenRead(uri);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        using var decompressor = new JpegDecompressor();
        return decompressor.Decompress(bytes.ToArray(), JpegPixelFormat.Bgr);
    }

    private static byte[] Pixel(JpegImage image, int x, int y) => image.Pixels.AsSpan(((y * image.Width) + x) * 3, 3).ToArray();

    private static double MeanDifference(byte[] a, byte[] b, int width, PixelRectangle area)
    {
        long sum = 0;
        for (var y = area.Y; y < area.Bottom; y++)
        {
            for (var i = ((y * width) + area.X) * 3; i < ((y * width) + area.Right) * 3; i++)
                sum += Math.Abs(a[i] - b[i]);
        }
        return (double)sum / (area.Width * area.Height * 3);
    }
}
