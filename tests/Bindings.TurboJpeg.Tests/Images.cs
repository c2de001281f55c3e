using System.Diagnostics;

namespace EdgeSecurity.Bindings.TurboJpeg.Tests;

/// <summary>Real pictures for the round trips, decoded by ffmpeg so that the reference is not the code under test.</summary>
internal static class Images
{
    public static string Media(string file) => Path.Combine(RepositoryLayout.SharedDirectory, "media", file);

    public static RawImage Campus { get; } = RawImage.Decode(Media("vtest_frame_t20s.jpg"));

    /// <summary>
    /// The campus frame as 4:2:0 planes, Y then U then V, each packed. Full range (yuvj420p), as JPEG stores YCbCr:
    /// ffmpeg's yuv420p is video range (16–235) and would come out of the JPEG with less contrast.
    /// </summary>
    public static byte[] CampusYuv420()
    {
        var info = new ProcessStartInfo("ffmpeg", ["-nostdin", "-v", "error", "-i", Media("vtest_frame_t20s.jpg"), "-f", "rawvideo", "-pix_fmt", "yuvj420p", "-"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }

    /// <summary>Mean absolute difference per byte: JPEG at quality 90 stays within a few levels of its source.</summary>
    public static double MeanDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += Math.Abs(a[i] - b[i]);
        return (double)sum / a.Length;
    }
}
