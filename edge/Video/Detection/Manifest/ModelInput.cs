using System.Collections.Immutable;

namespace EdgeSecurity.Video;

/// <summary>
/// What the model's image input expects. Only planar NCHW float32 with batch 1 is written, the layout of every model
/// here; the manifest still states it (<c>layout: nchw</c>) so a model with another layout is refused, not misread.
/// </summary>
/// <param name="Mean">Per channel, in the model's channel order, on the 0..255 scale: the value fed is (pixel − mean) ÷ std.</param>
/// <param name="Std">Per channel, as <paramref name="Mean"/>; 255 for a model that takes 0..1, 1 for raw pixels.</param>
/// <param name="PadValue">Pixel value (0..255, before normalisation) of letterbox padding.</param>
public sealed record ModelInput(
    string Name,
    int Width,
    int Height,
    ChannelOrder Channels,
    ResizeMode Resize,
    byte PadValue,
    ImmutableArray<float> Mean,
    ImmutableArray<float> Std)
{
    public const string Layout = "nchw";

    /// <summary>The tensor shape the model must declare for this input.</summary>
    public ImmutableArray<long> Shape => [1, 3, Height, Width];
}
