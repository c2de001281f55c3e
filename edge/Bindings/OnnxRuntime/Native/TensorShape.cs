using System.Collections.Immutable;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>Reads an OrtTensorTypeAndShapeInfo*, whether it came from a model's declarations or from a run's output.</summary>
internal static unsafe class TensorShape
{
    public static TensorElementType ElementType(nint tensorInfo, string name)
    {
        int type;
        OrtStatus.ThrowIfFailed(OrtLibrary.Api.GetTensorElementType(tensorInfo, &type), $"reading the element type of {name}");
        return (TensorElementType)type;
    }

    public static ImmutableArray<long> Dimensions(nint tensorInfo, string name)
    {
        var api = OrtLibrary.Api;
        nuint count;
        OrtStatus.ThrowIfFailed(api.GetDimensionsCount(tensorInfo, &count), $"reading the rank of {name}");
        var dimensions = new long[(int)count];
        fixed (long* values = dimensions)
            OrtStatus.ThrowIfFailed(api.GetDimensions(tensorInfo, values, count), $"reading the shape of {name}");
        return ImmutableArray.Create(dimensions);
    }
}
