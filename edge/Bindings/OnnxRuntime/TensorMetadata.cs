using System.Collections.Immutable;
using System.Globalization;

namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>A model input or output as declared in the model file.</summary>
/// <param name="Shape">One entry per dimension; -1 where the model leaves it open. Empty for non-tensors.</param>
public sealed record TensorMetadata(string Name, OnnxValueType ValueType, TensorElementType ElementType, ImmutableArray<long> Shape)
{
    /// <summary>Reads like <c>images: Float [1,3,416,416]</c>, for messages.</summary>
    public override string ToString() => ValueType == OnnxValueType.Tensor
        ? string.Create(CultureInfo.InvariantCulture, $"{Name}: {ElementType} [{string.Join(',', Shape)}]")
        : $"{Name}: {ValueType}";
}
