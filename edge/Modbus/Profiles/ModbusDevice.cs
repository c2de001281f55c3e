namespace EdgeSecurity.Modbus.Profiles;

/// <summary>A slave on a bus, read and written by name through its profile.</summary>
public sealed class ModbusDevice(ModbusRtuMaster master, byte slaveId, DeviceProfile profile)
{
    public byte SlaveId => slaveId;

    public DeviceProfile Profile => profile;

    /// <summary>Reads the read-only resources (status and measurements): what an agent polls every cycle.</summary>
    /// <exception cref="ModbusException">The device refused, stayed silent or answered garbage.</exception>
    public Task<DeviceReading> PollAsync(CancellationToken cancellationToken = default) => ReadAsync(profile.PollBlocks, cancellationToken);

    /// <summary>Reads every resource, configuration included.</summary>
    public Task<DeviceReading> ReadAllAsync(CancellationToken cancellationToken = default) => ReadAsync(profile.AllBlocks, cancellationToken);

    /// <summary>Writes a configuration resource (readWrite: RW) in engineering units, with 06 for one register and 16 for two.</summary>
    public Task WriteAsync(string resourceName, double value, CancellationToken cancellationToken = default)
    {
        var resource = profile.Find(resourceName)
            ?? throw new ArgumentException($"The profile {profile.Name} has no resource '{resourceName}'.", nameof(resourceName));
        if (!resource.Writable)
            throw new InvalidOperationException($"{resource.Name} of {profile.Name} is read-only (readWrite: R).");
        var registers = ResourceCodec.TryEncode(resource, value, out var problem)
            ?? throw new ArgumentOutOfRangeException(nameof(value), value, problem);
        return registers.Length == 1
            ? master.WriteSingleRegisterAsync(slaveId, resource.Address, registers[0], cancellationToken)
            : master.WriteMultipleRegistersAsync(slaveId, resource.Address, registers, cancellationToken);
    }

    private async Task<DeviceReading> ReadAsync(IReadOnlyList<RegisterBlock> blocks, CancellationToken cancellationToken)
    {
        var registers = new List<ushort[]>(blocks.Count);
        foreach (var block in blocks)
            registers.Add(await master.ReadRegistersAsync(block.Kind, slaveId, block.Address, block.Count, cancellationToken).ConfigureAwait(false));
        return DeviceReading.Decode(blocks, registers);
    }
}
