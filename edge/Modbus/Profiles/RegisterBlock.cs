namespace EdgeSecurity.Modbus.Profiles;

/// <summary>Consecutive registers of one table read with one request, and the resources they hold.</summary>
public sealed record RegisterBlock(RegisterKind Kind, ushort Address, ushort Count, IReadOnlyList<DeviceResource> Resources)
{
    /// <summary>
    /// Groups resources into as few requests as possible. Only resources that touch are merged: reading a register
    /// the profile does not name may make a real device answer exception 02.
    /// </summary>
    public static IReadOnlyList<RegisterBlock> Plan(IEnumerable<DeviceResource> resources)
    {
        var blocks = new List<RegisterBlock>();
        foreach (var table in resources.GroupBy(r => r.Register).OrderBy(t => t.Key))
        {
            var current = new List<DeviceResource>();
            foreach (var resource in table.OrderBy(r => r.Address))
            {
                if (current.Count > 0 && (resource.Address != current[^1].EndAddress || resource.EndAddress - current[0].Address > ModbusRequest.MaxReadCount))
                {
                    blocks.Add(Of(table.Key, current));
                    current = [];
                }
                current.Add(resource);
            }
            if (current.Count > 0)
                blocks.Add(Of(table.Key, current));
        }
        return blocks;
    }

    private static RegisterBlock Of(RegisterKind kind, List<DeviceResource> resources) =>
        new(kind, resources[0].Address, (ushort)(resources[^1].EndAddress - resources[0].Address), resources);
}
