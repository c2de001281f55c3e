using System.Globalization;

namespace EdgeSecurity.Modbus.Profiles;

/// <summary>
/// A device that exists only as its profile's registers: every resource's registers are defined (configuration ones
/// writable from the bus) and start at the resource's defaultValue. Serve <see cref="Registers"/> with a
/// <see cref="ModbusRtuSlave"/>, and change values and conditions in engineering terms while it runs.
/// </summary>
public sealed class SimulatedDevice
{
    public SimulatedDevice(DeviceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Profile = profile;
        foreach (var resource in profile.Resources)
        {
            var initial = ResourceCodec.TryEncode(resource, resource.DefaultValue ?? 0, out var problem)
                ?? throw new ArgumentException($"{resource.Name}: {problem}", nameof(profile));
            for (var i = 0; i < initial.Length; i++)
                Registers.Define(resource.Register, (ushort)(resource.Address + i), initial[i], resource.Writable);
        }
    }

    public DeviceProfile Profile { get; }

    public RegisterMap Registers { get; } = new();

    /// <exception cref="ArgumentException">The profile has no such resource, or the resource cannot hold the value; the message says which, for an operator.</exception>
    public void SetValue(string resourceName, double value)
    {
        var resource = Resource(resourceName);
        var registers = ResourceCodec.TryEncode(resource, value, out var problem) ?? throw new ArgumentException(problem);
        Registers.Set(resource.Register, resource.Address, registers);
    }

    public double GetValue(string resourceName)
    {
        var resource = Resource(resourceName);
        var registers = new ushort[resource.RegisterCount];
        Registers.Get(resource.Register, resource.Address, registers);
        return ResourceCodec.Decode(resource, registers);
    }

    /// <summary>Raises a condition by setting the first bit that signals it; clears it by clearing every such bit.</summary>
    /// <exception cref="ArgumentException">No status bit of the profile signals this condition.</exception>
    public void SetCondition(string condition, bool active)
    {
        var bits = Profile.Resources.SelectMany(r => r.StatusBits.Select(b => (Resource: r, Bit: b))).Where(x => x.Bit.Condition == condition).ToList();
        if (bits.Count == 0)
        {
            var known = Profile.Conditions.Count == 0 ? "none" : string.Join(", ", Profile.Conditions);
            throw new ArgumentException($"the profile {Profile.Name} has no status bit for '{condition}' (its conditions: {known})");
        }
        foreach (var (resource, bit) in active ? bits.Take(1) : bits)
            Registers.SetBit(resource.Register, resource.Address, bit.Bit, active);
    }

    public bool IsActive(string condition) =>
        Profile.Resources.Any(r => r.StatusBits.Any(b => b.Condition == condition && b.IsSetIn(StatusWord(r))));

    /// <summary>One line per resource: name, value and unit, and the active conditions of status registers.</summary>
    public IEnumerable<string> Describe() => Profile.Resources.Select(r =>
    {
        var value = string.Create(CultureInfo.InvariantCulture, $"{r.Name} = {GetValue(r.Name):G6}{(r.Unit is null ? "" : " " + r.Unit)}");
        var active = r.StatusBits.Where(b => IsActive(b.Condition)).Select(b => b.Condition).Distinct().ToList();
        return r.StatusBits.Count == 0 ? value : $"{value} [{(active.Count == 0 ? "normal" : string.Join(", ", active))}]";
    });

    private ushort StatusWord(DeviceResource resource)
    {
        Span<ushort> word = stackalloc ushort[1];
        Registers.Get(resource.Register, resource.Address, word);
        return word[0];
    }

    private DeviceResource Resource(string resourceName) =>
        Profile.Find(resourceName)
        ?? throw new ArgumentException($"the profile {Profile.Name} has no resource '{resourceName}' (it has: {string.Join(", ", Profile.Resources.Select(r => r.Name))})");
}
