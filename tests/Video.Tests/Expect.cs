namespace EdgeSecurity.Video.Tests;

/// <summary>Assertions against the reference detections in ../shared/models/README.md.</summary>
internal static class Expect
{
    /// <summary>A detection of this class whose every edge is within <paramref name="pixels"/> of the reference box.</summary>
    public static DetectedObject Found(IEnumerable<DetectedObject> detections, string label, float score, BoundingBox box, float pixels = 3, float scoreTolerance = 0.03f)
    {
        var match = detections
            .Where(d => d.Label == label)
            .OrderBy(d => Distance(d.Box, box))
            .FirstOrDefault();
        Assert.True(match.Label is not null, $"no {label} among {string.Join("; ", detections)}");
        Assert.True(Distance(match.Box, box) <= pixels, $"nearest {label} is {match}, expected {box} within {pixels} px");
        Assert.InRange(match.Score, score - scoreTolerance, score + scoreTolerance);
        return match;
    }

    /// <summary>A detection of this class overlapping the reference box by at least <paramref name="minimumIou"/>.</summary>
    public static DetectedObject Overlapping(IEnumerable<DetectedObject> detections, string label, BoundingBox box, float minimumIou)
    {
        var match = detections
            .Where(d => d.Label == label)
            .OrderByDescending(d => d.Box.IntersectionOverUnion(box))
            .FirstOrDefault();
        Assert.True(match.Label is not null, $"no {label} among {string.Join("; ", detections)}");
        Assert.True(match.Box.IntersectionOverUnion(box) >= minimumIou, $"best {label} is {match}, expected IoU ≥ {minimumIou} with {box}");
        return match;
    }

    /// <summary>A reference box given in one image size, in the pixels of the same image at another size.</summary>
    public static BoundingBox Rescaled(BoundingBox box, float scaleX, float scaleY) =>
        new(box.Left * scaleX, box.Top * scaleY, box.Right * scaleX, box.Bottom * scaleY);

    private static float Distance(BoundingBox a, BoundingBox b) =>
        new[] { a.Left - b.Left, a.Top - b.Top, a.Right - b.Right, a.Bottom - b.Bottom }.Max(Math.Abs);
}
