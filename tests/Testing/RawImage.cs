using System.Diagnostics;
using System.Globalization;

namespace EdgeSecurity.Testing;

/// <summary>A still image decoded by ffmpeg into packed 8-bit pixels, for tests and benchmarks that need real pictures.</summary>
public sealed record RawImage(byte[] Pixels, int Width, int Height)
{
    /// <summary>Decodes a JPEG (or anything ffmpeg reads) to bgr24 or rgb24: 3 bytes per pixel, rows packed.</summary>
    public static RawImage Decode(string path, string pixelFormat = "bgr24")
    {
        var size = Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path]);
        var parts = System.Text.Encoding.ASCII.GetString(size).Trim().Split(',');
        var width = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var height = int.Parse(parts[1], CultureInfo.InvariantCulture);
        return Decode(path, pixelFormat, width, height, []);
    }

    /// <summary>
    /// Decodes and lets ffmpeg scale (bilinear) to the given size, the way a camera source decodes at the detect
    /// resolution.
    /// </summary>
    public static RawImage DecodeScaled(string path, string pixelFormat, int width, int height) =>
        Decode(path, pixelFormat, width, height, ["-vf", string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=bilinear")]);

    private static RawImage Decode(string path, string pixelFormat, int width, int height, string[] filter)
    {
        var pixels = Run("ffmpeg", ["-nostdin", "-v", "error", "-i", path, .. filter, "-f", "rawvideo", "-pix_fmt", pixelFormat, "-"]);
        if (pixels.Length != width * height * 3)
            throw new InvalidOperationException($"ffmpeg gave {pixels.Length} bytes for a {width}×{height} {pixelFormat} image of {path}");
        return new RawImage(pixels, width, height);
    }

    private static byte[] Run(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var errors = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {errors.Result}");
        return output.ToArray();
    }
}
