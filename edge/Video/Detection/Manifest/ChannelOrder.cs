namespace EdgeSecurity.Video;

/// <summary>The colour channel order a model was trained on; the manifest's <c>input.channels</c> key.</summary>
public enum ChannelOrder
{
    Bgr,
    Rgb,
}
