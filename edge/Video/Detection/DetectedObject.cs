namespace EdgeSecurity.Video;

/// <summary>One object a detector found: its class (index into the model's labels), how sure the model is, and where.</summary>
public readonly record struct DetectedObject(int ClassId, string Label, float Score, BoundingBox Box)
{
    public override string ToString() => FormattableString.Invariant($"{Label} {Score:0.000} {Box}");
}
