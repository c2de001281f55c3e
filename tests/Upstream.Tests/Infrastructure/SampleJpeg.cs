using System.Diagnostics;

namespace EdgeSecurity.Upstream.Tests.Infrastructure;

/// <summary>A real 320×240 JPEG of ffmpeg's test pattern (sharp edges and text, so blurring shows), made once per run.</summary>
internal static class SampleJpeg
{
    public const int Width = 320;
    public const int Height = 240;

    private static readonly Lazy<byte[]> s_bytes = new(Make);

    public static byte[] Bytes => s_bytes.Value;

    /// <summary>
    /// Sum of squared differences between horizontally neighbouring green values: how sharp the image is. Squared, because
    /// blurring spreads an edge over many pixels without changing its total rise; it is the steepness that goes.
    /// </summary>
    public static long Detail(byte[] jpeg)
    {
        var path = Path.Combine(Path.GetTempPath(), $"detail-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, jpeg);
        try
        {
            var image = RawImage.Decode(path);
            long sum = 0;
            for (var y = 0; y < image.Height; y++)
            {
                for (var x = 1; x < image.Width; x++)
                {
                    var at = ((y * image.Width) + x) * 3;
                    var step = image.Pixels[at + 1] - image.Pixels[at - 2];
                    sum += step * step;
                }
            }
            return sum;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Make()
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-nostdin", "-v", "error", "-f", "lavfi", "-i", $"testsrc=size={Width}x{Height}:rate=1", "-frames:v", "1", "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1" })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg could not make the sample JPEG: {errors.Result}");
        return output.ToArray();
    }
}
