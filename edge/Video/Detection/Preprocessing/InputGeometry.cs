namespace EdgeSecurity.Video;

/// <summary>
/// Where a frame landed in the model's input: model pixel = source pixel × scale + pad. Decoders use it to map
/// boxes back to the frame.
/// </summary>
public readonly record struct InputGeometry(float ScaleX, float ScaleY, float PadX, float PadY, int SourceWidth, int SourceHeight)
{
    /// <summary>A box in model-input pixels, mapped to the frame and clipped to it.</summary>
    public BoundingBox ToSource(float left, float top, float right, float bottom) => new(
        Math.Clamp((left - PadX) / ScaleX, 0, SourceWidth),
        Math.Clamp((top - PadY) / ScaleY, 0, SourceHeight),
        Math.Clamp((right - PadX) / ScaleX, 0, SourceWidth),
        Math.Clamp((bottom - PadY) / ScaleY, 0, SourceHeight));
}
