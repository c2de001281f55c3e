using System.Numerics;

namespace EdgeSecurity.Video;

/// <summary>A per-channel value laid over packed 3-channel pixels: as 3 values, and as the 3 vectors whose lanes repeat it.</summary>
internal sealed class ChannelPattern
{
    public ChannelPattern(float first, float second, float third)
    {
        Channels = [first, second, third];
        var lanes = Vector<float>.Count;
        var repeated = new float[3 * lanes];
        for (var i = 0; i < repeated.Length; i++)
            repeated[i] = Channels[i % 3];
        Vectors = [new Vector<float>(repeated), new Vector<float>(repeated, lanes), new Vector<float>(repeated, 2 * lanes)];
    }

    public float[] Channels { get; }

    public Vector<float>[] Vectors { get; }
}
