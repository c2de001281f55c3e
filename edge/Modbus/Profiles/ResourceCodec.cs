using System.Globalization;

namespace EdgeSecurity.Modbus.Profiles;

/// <summary>Converts between a resource's raw registers and its engineering value (raw × scale + offset).</summary>
public static class ResourceCodec
{
    public static double Decode(DeviceResource resource, ReadOnlySpan<ushort> registers)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (registers.Length < resource.RegisterCount)
            throw new ArgumentException($"{resource.Name} takes {resource.RegisterCount} register(s), {registers.Length} given.", nameof(registers));
        double raw = resource.DataType switch
        {
            RegisterDataType.Unsigned16 => registers[0],
            RegisterDataType.Signed16 => (short)registers[0],
            RegisterDataType.Unsigned32 => Combine(resource, registers),
            RegisterDataType.Signed32 => (int)Combine(resource, registers),
            _ => BitConverter.UInt32BitsToSingle(Combine(resource, registers)),
        };
        return (raw * resource.Scale) + resource.Offset;
    }

    /// <summary>The registers for an engineering value, or null and why the resource cannot hold it.</summary>
    public static ushort[]? TryEncode(DeviceResource resource, double value, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(resource);
        problem = null;
        var raw = (value - resource.Offset) / resource.Scale;
        if (resource.DataType == RegisterDataType.FloatingPoint32)
            return Split(resource, BitConverter.SingleToUInt32Bits((float)raw));

        var (min, max) = resource.DataType switch
        {
            RegisterDataType.Unsigned16 => (ushort.MinValue, ushort.MaxValue),
            RegisterDataType.Signed16 => (short.MinValue, short.MaxValue),
            RegisterDataType.Unsigned32 => (uint.MinValue, uint.MaxValue),
            _ => ((double)int.MinValue, (double)int.MaxValue),
        };
        var rounded = Math.Round(raw);
        if (double.IsNaN(rounded) || rounded < min || rounded > max)
        {
            var low = (Math.Min(min, max) * resource.Scale) + resource.Offset;
            var high = (max * resource.Scale) + resource.Offset;
            var range = resource.Scale > 0 ? (low, high) : (high, low);
            problem = string.Create(CultureInfo.InvariantCulture,
                $"{value}{Unit(resource)} is outside what {resource.Name} can hold ({range.Item1:G6} to {range.Item2:G6}{Unit(resource)})");
            return null;
        }

        return resource.DataType switch
        {
            RegisterDataType.Unsigned16 => [(ushort)rounded],
            RegisterDataType.Signed16 => [(ushort)(short)rounded],
            RegisterDataType.Unsigned32 => Split(resource, (uint)rounded),
            _ => Split(resource, (uint)(int)rounded),
        };
    }

    private static string Unit(DeviceResource resource) => resource.Unit is null ? "" : " " + resource.Unit;

    private static uint Combine(DeviceResource resource, ReadOnlySpan<ushort> registers) =>
        resource.WordOrder == WordOrder.HighFirst
            ? ((uint)registers[0] << 16) | registers[1]
            : ((uint)registers[1] << 16) | registers[0];

    private static ushort[] Split(DeviceResource resource, uint value)
    {
        ushort high = (ushort)(value >> 16), low = (ushort)value;
        return resource.WordOrder == WordOrder.HighFirst ? [high, low] : [low, high];
    }
}
