using System.ComponentModel;
using System.Diagnostics;

namespace EdgeSecurity.Video;

/// <summary>One run of ffmpeg: raw frames on its standard output, its error lines kept so a failure can say why.</summary>
internal sealed class FfmpegProcess : IDisposable
{
    public const string NotFoundMessage = "ffmpeg was not found: install the Debian package ffmpeg";
    private const int KeptErrorLines = 5;

    private readonly Process _process;
    private readonly Queue<string> _errorLines = new();

    private FfmpegProcess(Process process) => _process = process;

    public Stream Output => _process.StandardOutput.BaseStream;

    public int Id => _process.Id;

    /// <summary>Starts ffmpeg, or returns null with the reason it could not be started.</summary>
    public static FfmpegProcess? TryStart(CameraSourceOptions options, out string? failure)
    {
        var info = new ProcessStartInfo(options.FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in FfmpegCommand.Arguments(options))
            info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info };
        var ffmpeg = new FfmpegProcess(process);
        // ffmpeg blocks once the stderr pipe is full, so it is always drained, even though only the last lines matter.
        process.ErrorDataReceived += (_, e) => ffmpeg.KeepErrorLine(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            process.Dispose();
            failure = NotFoundMessage;
            return null;
        }
        process.BeginErrorReadLine();
        failure = null;
        return ffmpeg;
    }

    /// <summary>Fills the buffer with one frame; false when the stream ended first (ffmpeg exited or was killed).</summary>
    public bool ReadFrame(Span<byte> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            int read;
            try
            {
                read = Output.Read(buffer[filled..]);
            }
            catch (IOException)
            {
                return false;
            }
            if (read == 0)
                return false;
            filled += read;
        }
        return true;
    }

    /// <summary>Why ffmpeg stopped: its exit code and last error line. Call after <see cref="ReadFrame"/> returned false.</summary>
    public string ExitReason()
    {
        Kill();
        _process.WaitForExit();
        string? last;
        lock (_errorLines)
            last = _errorLines.LastOrDefault();
        var code = _process.ExitCode;
        if (code == 0)
            return last is null ? "the stream ended" : $"the stream ended: {last}";
        return last is null ? $"ffmpeg exited with code {code}" : $"ffmpeg exited with code {code}: {last}";
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void KeepErrorLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return;
        lock (_errorLines)
        {
            _errorLines.Enqueue(line.Trim());
            if (_errorLines.Count > KeptErrorLines)
                _errorLines.Dequeue();
        }
    }
}
