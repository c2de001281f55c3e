using System.Collections.Immutable;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>Reads the names, kinds, element types and shapes a loaded session declares for its inputs or outputs.</summary>
internal static unsafe class ModelMetadataReader
{
    public enum Side
    {
        Inputs,
        Outputs,
    }

    public static ImmutableArray<TensorMetadata> Read(nint session, Side side)
    {
        var api = OrtLibrary.Api;
        nuint count;
        var status = side == Side.Inputs ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count);
        OrtStatus.ThrowIfFailed(status, $"counting the model's {Describe(side)}");

        var result = ImmutableArray.CreateBuilder<TensorMetadata>((int)count);
        for (nuint i = 0; i < count; i++)
            result.Add(ReadType(session, side, i, ReadName(session, side, i)));
        return result.MoveToImmutable();
    }

    private static string ReadName(nint session, Side side, nuint index)
    {
        var api = OrtLibrary.Api;
        using var name = new AllocatedStringHandle();
        byte* text;
        var status = side == Side.Inputs
            ? api.SessionGetInputName(session, index, OrtLibrary.DefaultAllocator, &text)
            : api.SessionGetOutputName(session, index, OrtLibrary.DefaultAllocator, &text);
        OrtStatus.ThrowIfFailed(status, $"reading the name of {Describe(side)} {index}");
        name.Own((nint)text);
        return name.Read();
    }

    private static TensorMetadata ReadType(nint session, Side side, nuint index, string name)
    {
        var api = OrtLibrary.Api;
        nint typeInfo;
        var status = side == Side.Inputs
            ? api.SessionGetInputTypeInfo(session, index, &typeInfo)
            : api.SessionGetOutputTypeInfo(session, index, &typeInfo);
        OrtStatus.ThrowIfFailed(status, $"reading the type of {name}");
        try
        {
            int valueType;
            OrtStatus.ThrowIfFailed(api.GetOnnxTypeFromTypeInfo(typeInfo, &valueType), $"reading the type of {name}");
            if ((OnnxValueType)valueType != OnnxValueType.Tensor)
                return new TensorMetadata(name, (OnnxValueType)valueType, TensorElementType.Undefined, []);

            // The tensor info belongs to the type info: it is not released on its own.
            nint tensorInfo;
            OrtStatus.ThrowIfFailed(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), $"reading the tensor type of {name}");
            return new TensorMetadata(name, OnnxValueType.Tensor, TensorShape.ElementType(tensorInfo, name), TensorShape.Dimensions(tensorInfo, name));
        }
        finally
        {
            api.ReleaseTypeInfo(typeInfo);
        }
    }

    private static string Describe(Side side) => side == Side.Inputs ? "inputs" : "outputs";
}
