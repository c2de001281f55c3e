namespace EdgeSecurity.Video;

/// <summary>The lowest score reported for each class; a class left out by the class filter can never be reached.</summary>
internal sealed class ClassThresholds
{
    private readonly float[] _minimum;

    private ClassThresholds(float[] minimum)
    {
        _minimum = minimum;
        Lowest = minimum.Min();
    }

    /// <summary>No class reports below this, so an anchor whose best possible score is lower can be skipped unread.</summary>
    public float Lowest { get; }

    public bool Accepts(int classId, float score) => score >= _minimum[classId];

    /// <exception cref="ArgumentException">An option names a label the model does not have.</exception>
    public static ClassThresholds Create(IReadOnlyList<string> labels, float defaultThreshold, DetectorOptions options)
    {
        var minimum = new float[labels.Count];
        Array.Fill(minimum, options.Classes is null ? defaultThreshold : float.PositiveInfinity);
        foreach (var label in options.Classes ?? [])
            minimum[IndexOf(labels, label)] = defaultThreshold;
        foreach (var (label, threshold) in options.ClassScoreThresholds ?? new Dictionary<string, float>())
        {
            var index = IndexOf(labels, label);
            if (!float.IsPositiveInfinity(minimum[index]))
                minimum[index] = threshold;
        }
        return new ClassThresholds(minimum);
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
                return i;
        }
        throw new ArgumentException($"The model has no class '{label}'; its classes are {string.Join(", ", labels)}.", nameof(label));
    }
}
