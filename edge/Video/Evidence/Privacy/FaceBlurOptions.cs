namespace EdgeSecurity.Video;

/// <summary>How faces are made unrecognisable on evidence.</summary>
public sealed record FaceBlurOptions
{
    /// <summary>Added on every side of a face box, as a share of its width and height: hair, ears and chin go too.</summary>
    public float Margin { get; init; } = 0.25f;

    /// <summary>
    /// The widened face is cut into at most this many blocks along its longer side, each filled with its mean colour.
    /// With 5, a face keeps about 25–30 colour values: far too few to recognise or to reconstruct anyone from.
    /// </summary>
    public int BlocksAcross { get; init; } = 5;

    /// <summary>Blocks are never smaller than this many pixels, so a small face becomes one or two solid blocks.</summary>
    public int MinimumBlockPixels { get; init; } = 8;
}
