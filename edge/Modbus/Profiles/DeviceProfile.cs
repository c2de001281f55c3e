using EdgeSecurity.Bindings.Serial;

namespace EdgeSecurity.Modbus.Profiles;

/// <summary>
/// What a model of Modbus device holds and how to read it, loaded from YAML (see hardware/profiles/README.md).
/// A profile describes a model, not an installed unit: the slave id and bus come from the gateway's config.
/// </summary>
public sealed class DeviceProfile
{
    public required string Name { get; init; }

    public string? Manufacturer { get; init; }

    public string? Model { get; init; }

    public string? Description { get; init; }

    /// <summary>The factory line settings and slave id from the datasheet.</summary>
    public SerialSettings Serial { get; init; } = new();

    public byte DefaultSlaveId { get; init; } = 1;

    public required IReadOnlyList<DeviceResource> Resources { get; init; }

    /// <summary>Every condition some status bit of the profile signals, in profile order.</summary>
    public IReadOnlyList<string> Conditions => [.. Resources.SelectMany(r => r.StatusBits).Select(b => b.Condition).Distinct()];

    /// <summary>The read requests that cover the read-only resources (status and measurements): one poll.</summary>
    public IReadOnlyList<RegisterBlock> PollBlocks => field ??= RegisterBlock.Plan(Resources.Where(r => !r.Writable));

    /// <summary>The read requests that cover every resource, configuration included.</summary>
    public IReadOnlyList<RegisterBlock> AllBlocks => field ??= RegisterBlock.Plan(Resources);

    public DeviceResource? Find(string resourceName) => Resources.FirstOrDefault(r => r.Name == resourceName);
}
