using System.Collections.Immutable;
using EdgeSecurity.Bindings.OnnxRuntime.Native;

namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>
/// The outputs of one run, left where ORT wrote them. Spans from <see cref="GetFloats(int)"/> read ORT's memory
/// directly (a YOLOX output is 1.2 MB: copying it per frame would cost more than decoding it), so they are valid
/// only until this result is disposed; disposing hands the memory back to ORT's arena for the next run.
/// Not thread-safe: one reader at a time.
/// </summary>
public sealed class InferenceResult : IDisposable
{
    private readonly ValueHandle[] _values;
    private readonly OutputView?[] _views;

    internal InferenceResult(ValueHandle[] values, ImmutableArray<TensorMetadata> outputs)
    {
        _values = values;
        _views = new OutputView?[values.Length];
        Outputs = outputs;
    }

    /// <summary>The outputs as the model declares them, in the order of the indexes used here.</summary>
    public ImmutableArray<TensorMetadata> Outputs { get; }

    public int Count => _values.Length;

    /// <summary>The elements of a float32 output, row-major, in place.</summary>
    /// <exception cref="InvalidOperationException">The output is not a float32 tensor.</exception>
    /// <exception cref="ObjectDisposedException">The result was disposed.</exception>
    public unsafe ReadOnlySpan<float> GetFloats(int index)
    {
        var view = View(index);
        return new ReadOnlySpan<float>((void*)view.Data, view.Length);
    }

    /// <inheritdoc cref="GetFloats(int)"/>
    public ReadOnlySpan<float> GetFloats(string name) => GetFloats(IndexOf(name));

    /// <summary>The shape this run produced, which may differ from the declared one where the model leaves dimensions open.</summary>
    public ReadOnlySpan<long> GetShape(int index) => View(index).Shape.AsSpan();

    /// <inheritdoc cref="GetShape(int)"/>
    public ReadOnlySpan<long> GetShape(string name) => GetShape(IndexOf(name));

    public int IndexOf(string name)
    {
        for (var i = 0; i < Outputs.Length; i++)
        {
            if (Outputs[i].Name == name)
                return i;
        }
        throw new ArgumentException($"The model has no output '{name}'; it has {string.Join(", ", Outputs.Select(o => o.Name))}.", nameof(name));
    }

    public void Dispose()
    {
        foreach (var value in _values)
            value.Dispose();
    }

    private unsafe OutputView View(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _values.Length);
        var cached = _views[index];
        using var value = new HandleLease(_values[index], this);
        if (cached is not null)
            return cached;

        var api = OrtLibrary.Api;
        var name = Outputs[index].Name;
        nint info;
        OrtStatus.ThrowIfFailed(api.GetTensorTypeAndShape(value.Pointer, &info), $"reading the shape of output {name}");
        ImmutableArray<long> shape;
        try
        {
            var type = TensorShape.ElementType(info, name);
            if (type != TensorElementType.Float)
                throw new InvalidOperationException($"Output {name} holds {type} elements, not float32.");
            shape = TensorShape.Dimensions(info, name);
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }

        void* data;
        OrtStatus.ThrowIfFailed(api.GetTensorMutableData(value.Pointer, &data), $"reading output {name}");
        long length = 1;
        foreach (var dimension in shape)
            length *= dimension;
        return _views[index] = new OutputView((nint)data, checked((int)length), shape);
    }

    private sealed record OutputView(nint Data, int Length, ImmutableArray<long> Shape);
}
