using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>
/// The segments of one ffmpeg run, from the CSV list ffmpeg rewrites as each segment completes
/// (<c>file,start,end</c> in seconds of the run's stream). Stream time is mapped to wall time from the moment the run
/// started: for a live camera the two advance together, off by the connection delay (well under a GOP on a LAN).
/// </summary>
internal sealed class SegmentRun(int number, string directory, DateTimeOffset startedAt)
{
    private IReadOnlyList<RecordedSegment> _segments = [];

    public int Number => number;

    public string Directory => directory;

    public DateTimeOffset StartedAt => startedAt;

    public string ListPath => Path.Combine(directory, "segments.csv");

    public IReadOnlyList<RecordedSegment> Segments => _segments;

    /// <summary>
    /// Reads the list again. ffmpeg rewrites it in place, so a read can catch it empty or half written: such a read is
    /// ignored and the last complete one kept.
    /// </summary>
    public void Refresh()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(ListPath);
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }
        var segments = new List<RecordedSegment>(lines.Length);
        foreach (var line in lines)
        {
            var fields = line.Split(',');
            if (fields.Length != 3
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
                || end < start)
            {
                return;
            }
            segments.Add(new RecordedSegment(Path.Combine(directory, fields[0]), startedAt + TimeSpan.FromSeconds(start), startedAt + TimeSpan.FromSeconds(end), number));
        }
        if (segments.Count > 0)
            _segments = segments;
    }
}
