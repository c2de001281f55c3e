using System.Diagnostics;
using System.Globalization;

namespace EdgeSecurity.Upstream.Privacy;

/// <summary>
/// Blurs the whole picture with ffmpeg's box blur (Debian package ffmpeg, already on every hub). The whole picture
/// rather than detected regions: a face the detector missed must not leave either. The radius scales with the image
/// (1/20 of its smaller side, at least 4 px), three passes, which leaves scenes and vehicles' shapes readable but no
/// face or plate.
/// </summary>
public sealed class FfmpegImageBlur(TimeSpan timeout) : IImageBlur
{
    private const string Filter = "boxblur=luma_radius='max(4,min(w,h)/20)':luma_power=3:chroma_radius='max(4,min(cw,ch)/20)':chroma_power=3";

    public FfmpegImageBlur()
        : this(TimeSpan.FromSeconds(10))
    {
    }

    public async Task<byte[]> BlurAsync(byte[] jpeg, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
            throw new ImageBlurException("the image is not a JPEG (no SOI marker)");
        // No -nostdin: the image arrives on standard input (pipe:0).
        var info = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-v", "error", "-f", "image2pipe", "-c:v", "mjpeg", "-i", "pipe:0", "-vf", Filter, "-frames:v", "1", "-q:v", "3", "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1" })
            info.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new ImageBlurException("ffmpeg did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ImageBlurException($"ffmpeg could not be started ({e.Message}): install the Debian package ffmpeg");
        }
        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                using var output = new MemoryStream();
                var reading = process.StandardOutput.BaseStream.CopyToAsync(output, deadline.Token);
                var errors = process.StandardError.ReadToEndAsync(deadline.Token);
                await process.StandardInput.BaseStream.WriteAsync(jpeg, deadline.Token).ConfigureAwait(false);
                process.StandardInput.Close();
                await reading.ConfigureAwait(false);
                var stderr = await errors.ConfigureAwait(false);
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                if (process.ExitCode != 0 || output.Length == 0)
                    throw new ImageBlurException(string.Create(CultureInfo.InvariantCulture, $"ffmpeg could not blur the image (exit code {process.ExitCode}): {stderr.Trim()}"));
                return output.ToArray();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ImageBlurException(string.Create(CultureInfo.InvariantCulture, $"ffmpeg did not blur the image within {timeout.TotalSeconds:0.###} s"));
            }
            catch (IOException e)
            {
                throw new ImageBlurException($"ffmpeg stopped reading the image: {e.Message}");
            }
            finally
            {
                // Whatever went wrong (timeout, caller's cancellation, broken pipe), no ffmpeg is left behind.
                if (!process.HasExited)
                    process.Kill();
            }
        }
    }
}
