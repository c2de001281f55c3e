namespace EdgeSecurity.Video;

/// <summary>Greedy per-class non-maximum suppression: of boxes of one class that overlap, the best-scoring one stays.</summary>
public static class NonMaximumSuppression
{
    /// <summary>Only this many best candidates are compared, which bounds the quadratic cost when a threshold is set very low.</summary>
    public const int MaxCandidates = 1000;

    /// <summary>Sorts <paramref name="candidates"/> by score and returns the kept ones, best first.</summary>
    /// <param name="iouThreshold">A box is dropped when its IoU with a kept box of its class exceeds this.</param>
    public static List<DetectedObject> Apply(List<DetectedObject> candidates, float iouThreshold, int maxDetections)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        candidates.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<DetectedObject>(Math.Min(candidates.Count, maxDetections));
        var considered = Math.Min(candidates.Count, MaxCandidates);
        for (var i = 0; i < considered && kept.Count < maxDetections; i++)
        {
            var candidate = candidates[i];
            if (!OverlapsKept(kept, candidate, iouThreshold))
                kept.Add(candidate);
        }
        return kept;
    }

    private static bool OverlapsKept(List<DetectedObject> kept, DetectedObject candidate, float iouThreshold)
    {
        foreach (var better in kept)
        {
            if (better.ClassId == candidate.ClassId && better.Box.IntersectionOverUnion(candidate.Box) > iouThreshold)
                return true;
        }
        return false;
    }
}
