using System.Collections.Immutable;
using System.Globalization;
using EdgeSecurity.Bindings.OnnxRuntime.Native;

namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>
/// A float32 input tensor over the caller's memory, with no copy: ORT reads <see cref="Data"/> in place at every run.
/// The memory stays pinned for the tensor's lifetime, so make it once and refill <see cref="Data"/> between runs.
/// </summary>
public sealed class FloatTensor : IDisposable
{
    private readonly ValueHandle _handle = new();

    /// <param name="data">Exactly as many elements as the shape holds, row-major.</param>
    /// <param name="shape">Dimensions, each at least 1.</param>
    /// <exception cref="ArgumentException">The shape and the length of <paramref name="data"/> disagree.</exception>
    public unsafe FloatTensor(Memory<float> data, params ReadOnlySpan<long> shape)
    {
        long elements = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 1)
                throw new ArgumentException($"Tensor dimensions must be at least 1; got [{Format(shape)}].", nameof(shape));
            elements = checked(elements * dimension);
        }
        if (elements != data.Length)
            throw new ArgumentException($"A tensor of shape [{Format(shape)}] holds {elements} floats; the buffer has {data.Length}.", nameof(data));

        Data = data;
        Shape = [.. shape];
        var pin = data.Pin();
        _handle.HoldPin(pin);
        using var memoryInfo = new HandleLease(OrtLibrary.CpuMemoryInfo, this);
        nint value;
        fixed (long* dimensions = shape)
        {
            var status = OrtLibrary.Api.CreateTensorWithDataAsOrtValue(
                memoryInfo.Pointer, pin.Pointer, (nuint)(data.Length * sizeof(float)), dimensions, (nuint)shape.Length, (int)TensorElementType.Float, &value);
            if (status != 0)
            {
                // The handle never owned a value, so it will not run its release: undo the pin here.
                pin.Dispose();
                _handle.Dispose();
                throw OrtStatus.ToException(status, OrtLibrary.Api, "creating an input tensor");
            }
        }
        _handle.Own(value);
    }

    /// <summary>The tensor's elements; writing here changes what the next run sees.</summary>
    public Memory<float> Data { get; }

    public ImmutableArray<long> Shape { get; }

    internal ValueHandle Handle => _handle;

    public void Dispose() => _handle.Dispose();

    public override string ToString() => $"FloatTensor [{Format(Shape.AsSpan())}]";

    private static string Format(ReadOnlySpan<long> shape) => string.Join(',', shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture)));
}
