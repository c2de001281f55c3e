namespace EdgeSecurity.Modbus.Profiles;

/// <summary>
/// One read of a device: each resource's engineering value, and each condition its status bits declare, set or
/// not, so that a consumer sees a condition clear as well as rise.
/// </summary>
public sealed record DeviceReading(IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, bool> Conditions)
{
    public bool IsActive(string condition) => Conditions.TryGetValue(condition, out var active) && active;

    /// <summary>Decodes the registers of the blocks read, in the same order.</summary>
    public static DeviceReading Decode(IReadOnlyList<RegisterBlock> blocks, IReadOnlyList<ushort[]> registers)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var conditions = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < blocks.Count; i++)
        {
            foreach (var resource in blocks[i].Resources)
            {
                var raw = registers[i].AsSpan(resource.Address - blocks[i].Address, resource.RegisterCount);
                values[resource.Name] = ResourceCodec.Decode(resource, raw);
                // A condition several bits signal (say, two fault bits) is active while any of them is set.
                foreach (var bit in resource.StatusBits)
                    conditions[bit.Condition] = conditions.GetValueOrDefault(bit.Condition) || bit.IsSetIn(raw[0]);
            }
        }
        return new DeviceReading(values, conditions);
    }
}
