using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Video;

/// <summary>
/// Keeps the last <see cref="ClipRecorderOptions.Buffer"/> of a camera's stream on disk as rolling segments, copied as
/// the camera encoded them (<c>ffmpeg -c copy</c>: no decoding, no re-encoding, a few % of one core), and cuts a clip
/// around an alert time from them into the evidence store. ffmpeg reuses a ring of segment files, so the disk used is
/// bounded without any cleaning; when it stops (camera unreachable, stream ended) it is started again after
/// <see cref="ClipRecorderOptions.RestartDelay"/>, for ever, until disposed.
/// </summary>
public sealed class ClipRecorder : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly ClipRecorderOptions _options;
    private readonly EvidenceStore _store;
    private readonly TimeProvider _time;
    private readonly string _directory;
    private readonly Lock _gate = new();
    private readonly List<SegmentRun> _runs = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private string? _lastError;

    public ClipRecorder(ClipRecorderOptions options, EvidenceStore store, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        if (!Contract.Identifiers.IsValid(options.Name))
            throw new ArgumentException($"'{options.Name}' is not a camera name: 1-64 characters of A-Z a-z 0-9 - _.", nameof(options));
        if (options.SegmentLength <= TimeSpan.Zero || options.Buffer < options.Before + (2 * options.SegmentLength))
            throw new ArgumentException($"The buffer ({options.Buffer}) must hold the time before an alert ({options.Before}) and two segments ({options.SegmentLength} each).", nameof(options));
        (_options, _store, _time) = (options, store, time ?? TimeProvider.System);
        _directory = Path.Combine(store.TemporaryDirectory, "segments", options.Name);
    }

    /// <summary>Why ffmpeg last stopped (its exit code and last error line), or null while it never has.</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
                return _lastError;
        }
    }

    /// <summary>Finished segments on disk, oldest first.</summary>
    public IReadOnlyList<RecordedSegment> Segments
    {
        get
        {
            lock (_gate)
            {
                foreach (var run in _runs)
                    run.Refresh();
                return [.. _runs.SelectMany(r => r.Segments).OrderBy(s => s.Start)];
            }
        }
    }

    /// <exception cref="InvalidOperationException">It was started already.</exception>
    public void Start()
    {
        if (!_loop.IsCompleted)
            throw new InvalidOperationException($"The clip recorder of {_options.Name} is already recording.");
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
        _loop = Task.Run(() => RecordAsync(_stopping.Token));
    }

    /// <summary>
    /// Cuts the clip from <c>at − Before</c> to <c>at + After</c>, waiting until the stream has been recorded that far (or
    /// until it is clear it will not be: two segments past the end). It starts on the key frame at or before the start,
    /// so it can be up to a GOP longer. Null when no recorded video overlaps the window (the camera was offline).
    /// </summary>
    /// <exception cref="IOException">ffmpeg could not assemble the clip; the message has its reason.</exception>
    public async Task<EvidenceRef?> CaptureAsync(DateTimeOffset at, EvidenceRetention retention, CancellationToken cancellationToken = default)
    {
        var (start, end) = (at - _options.Before, at + _options.After);
        var giveUpAt = end + (2 * _options.SegmentLength) + _options.RestartDelay;
        var segments = Segments;
        while (!segments.Any(s => s.End >= end) && _time.GetUtcNow() < giveUpAt)
        {
            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
            segments = Segments;
        }

        // One run only: after a reconnect the camera may send other stream parameters, which a copy cannot splice.
        var chosen = segments.Where(s => s.End > start && s.Start < end).GroupBy(s => s.Run)
            .OrderByDescending(g => g.Sum(s => (Min(s.End, end) - Max(s.Start, start)).Ticks)).FirstOrDefault()?.ToList();
        if (chosen is null)
            return null;

        var id = _store.NewId();
        var list = Path.Combine(_store.TemporaryDirectory, $"{id:D}.ffconcat");
        var clip = Path.Combine(_store.TemporaryDirectory, $"{id:D}.mp4");
        await File.WriteAllTextAsync(list, ConcatList(chosen, start, end), cancellationToken).ConfigureAwait(false);
        try
        {
            await RunFfmpegAsync(["-nostdin", "-hide_banner", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", list,
                "-c", "copy", "-movflags", "+faststart", "-y", clip], cancellationToken).ConfigureAwait(false);
            return new EvidenceRef(EvidenceKind.Clip, _store.AddFile(EvidenceFileKind.Clip, retention, clip, id).Uri);
        }
        finally
        {
            File.Delete(list);
            File.Delete(clip);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>The ffmpeg arguments of one recording run (internal for the tests).</summary>
    internal static List<string> RecordArguments(ClipRecorderOptions options, string directory)
    {
        var segmentsInBuffer = (int)Math.Ceiling(options.Buffer / options.SegmentLength);
        var arguments = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error" };
        if (options.Input.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase))
            // A camera that stops sending makes ffmpeg give up after 10 s (the value is in microseconds) and be restarted.
            arguments.AddRange(["-rtsp_transport", "tcp", "-timeout", "10000000"]);
        else if (options.RealTime)
            arguments.Add("-re");
        arguments.AddRange([
            "-i", options.Input,
            // Video only: audio is not evidence here, and cameras' G.711 would not fit an mp4 clip.
            "-map", "0:v:0", "-c", "copy",
            "-f", "segment", "-segment_time", options.SegmentLength.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-reset_timestamps", "1", "-segment_format", "matroska",
            "-segment_list", Path.Combine(directory, "segments.csv"), "-segment_list_type", "csv",
            // The list names only segments that are still on disk: the ring is a few segments larger than the list.
            "-segment_list_size", (segmentsInBuffer + 1).ToString(CultureInfo.InvariantCulture),
            "-segment_wrap", (segmentsInBuffer + 4).ToString(CultureInfo.InvariantCulture),
            Path.Combine(directory, "segment-%03d.mkv"),
        ]);
        return arguments;
    }

    /// <summary>ffconcat with the window's in and out points inside the first and last segment.</summary>
    internal static string ConcatList(IReadOnlyList<RecordedSegment> segments, DateTimeOffset start, DateTimeOffset end)
    {
        var list = new StringBuilder("ffconcat version 1.0\n");
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            list.Append("file '").Append(segment.Path.Replace("'", @"'\''", StringComparison.Ordinal)).Append("'\n");
            if (i == 0 && start > segment.Start)
                list.Append(CultureInfo.InvariantCulture, $"inpoint {(start - segment.Start).TotalSeconds:0.###}\n");
            if (i == segments.Count - 1 && end < segment.End)
                list.Append(CultureInfo.InvariantCulture, $"outpoint {(end - segment.Start).TotalSeconds:0.###}\n");
        }
        return list.ToString();
    }

    private async Task RecordAsync(CancellationToken stopping)
    {
        for (var number = 0; !stopping.IsCancellationRequested; number++)
        {
            var run = new SegmentRun(number, Path.Combine(_directory, $"run-{number}"), _time.GetUtcNow());
            Directory.CreateDirectory(run.Directory);
            lock (_gate)
            {
                _runs.Add(run);
                DropRunsOutsideTheBuffer(run);
            }
            string failure;
            try
            {
                await RunFfmpegAsync(RecordArguments(_options, run.Directory), stopping).ConfigureAwait(false);
                failure = "the stream ended";
            }
            catch (IOException e)
            {
                failure = e.Message;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            lock (_gate)
                _lastError = failure;
            try
            {
                await Task.Delay(_options.RestartDelay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Earlier runs stay while their video may still be in a clip's window, then their files go.</summary>
    private void DropRunsOutsideTheBuffer(SegmentRun current)
    {
        var oldest = _time.GetUtcNow() - _options.Buffer;
        foreach (var run in _runs.Where(r => r != current).ToList())
        {
            run.Refresh();
            if (run.Segments.Count == 0 || run.Segments[^1].End < oldest)
            {
                _runs.Remove(run);
                Directory.Delete(run.Directory, recursive: true);
            }
        }
    }

    /// <summary>Runs ffmpeg to its end; a non-zero exit is an IOException with its last error line. Cancelling kills it.</summary>
    private async Task RunFfmpegAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(_options.FfmpegPath) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            throw new IOException(FfmpegProcess.NotFoundMessage);
        }
        // Drained as it comes: ffmpeg blocks once the stderr pipe is full.
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        var text = await errors.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no error text";
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"ffmpeg exited with code {process.ExitCode}: {last}"));
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
