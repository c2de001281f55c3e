using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSecurity.Video;

/// <summary>The per-pixel loops of preprocessing. The contiguous ones are vectorised (System.Numerics.Vector: AVX2 on x64, NEON on arm64).</summary>
internal static class PixelKernels
{
    /// <summary>Packed bytes to floats, 32 bytes per step with AVX2.</summary>
    public static void ToFloats(ReadOnlySpan<byte> bytes, Span<float> floats)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = Vector<float>.Count;
            for (; i <= bytes.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(bytes[i..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                Vector.ConvertToSingle(a).CopyTo(floats[i..]);
                Vector.ConvertToSingle(b).CopyTo(floats[(i + lanes)..]);
                Vector.ConvertToSingle(c).CopyTo(floats[(i + (2 * lanes))..]);
                Vector.ConvertToSingle(d).CopyTo(floats[(i + (3 * lanes))..]);
            }
        }
        for (; i < bytes.Length; i++)
            floats[i] = bytes[i];
    }

    /// <summary>
    /// output = (top × (1 − weight) + bottom × weight) × scale + offset over a row of packed 3-channel floats, where
    /// scale and offset differ per channel. Their patterns repeat every 3 vectors, so each step covers 3 vectors.
    /// </summary>
    /// <param name="scale">Per channel of the row, in the row's own channel order.</param>
    public static void BlendRows(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, float weight, ChannelPattern scale, ChannelPattern offset, Span<float> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = Vector<float>.Count;
            Span<Vector<float>> topWeight = [scale.Vectors[0] * (1 - weight), scale.Vectors[1] * (1 - weight), scale.Vectors[2] * (1 - weight)];
            Span<Vector<float>> bottomWeight = [scale.Vectors[0] * weight, scale.Vectors[1] * weight, scale.Vectors[2] * weight];
            for (; i <= output.Length - (3 * lanes); i += 3 * lanes)
            {
                for (var k = 0; k < 3; k++)
                {
                    var at = i + (k * lanes);
                    var blended = Vector.FusedMultiplyAdd(new Vector<float>(top[at..]), topWeight[k], Vector.FusedMultiplyAdd(new Vector<float>(bottom[at..]), bottomWeight[k], offset.Vectors[k]));
                    blended.CopyTo(output[at..]);
                }
            }
        }
        for (; i < output.Length; i++)
        {
            var channel = i % 3;
            output[i] = (((top[i] * (1 - weight)) + (bottom[i] * weight)) * scale.Channels[channel]) + offset.Channels[channel];
        }
    }

    /// <summary>
    /// Resamples a packed row horizontally and splits it into the model's three planes. The taps are gathers, so this
    /// one stays scalar; running it after the vertical blend means it runs once per output row, not per source row.
    /// It is the hottest loop left, so it reads without bounds checks: the plan's offsets only grow, so checking the
    /// last one against the row, and the outputs' lengths against the plan, covers every access.
    /// </summary>
    public static void ResampleColumns(ReadOnlySpan<float> row, ResizePlan plan, (int First, int Second, int Third) channels, Span<float> first, Span<float> second, Span<float> third)
    {
        var width = plan.Width;
        if (plan.ColumnRight[^1] + VideoFrame.BytesPerPixel > row.Length || first.Length < width || second.Length < width || third.Length < width)
            throw new ArgumentException("The row or the planes do not fit the resize plan.", nameof(row));
        ref var source = ref MemoryMarshal.GetReference(row);
        ref var left = ref MemoryMarshal.GetArrayDataReference(plan.ColumnLeft);
        ref var right = ref MemoryMarshal.GetArrayDataReference(plan.ColumnRight);
        ref var weights = ref MemoryMarshal.GetArrayDataReference(plan.ColumnWeight);
        ref var out0 = ref MemoryMarshal.GetReference(first);
        ref var out1 = ref MemoryMarshal.GetReference(second);
        ref var out2 = ref MemoryMarshal.GetReference(third);
        for (var x = 0; x < width; x++)
        {
            ref var l = ref Unsafe.Add(ref source, Unsafe.Add(ref left, x));
            ref var r = ref Unsafe.Add(ref source, Unsafe.Add(ref right, x));
            var w = Unsafe.Add(ref weights, x);
            Unsafe.Add(ref out0, x) = Lerp(Unsafe.Add(ref l, channels.First), Unsafe.Add(ref r, channels.First), w);
            Unsafe.Add(ref out1, x) = Lerp(Unsafe.Add(ref l, channels.Second), Unsafe.Add(ref r, channels.Second), w);
            Unsafe.Add(ref out2, x) = Lerp(Unsafe.Add(ref l, channels.Third), Unsafe.Add(ref r, channels.Third), w);
        }
    }

    private static float Lerp(float a, float b, float weight) => a + ((b - a) * weight);
}
