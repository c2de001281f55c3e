namespace EdgeSecurity.Modbus;

/// <summary>
/// The registers of a simulated device: only defined registers exist (others answer exception 02, as real devices
/// do), and only registers defined as writable accept writes from the bus. Thread-safe; multi-register reads and
/// writes are atomic, so a 32-bit value is never seen half-updated.
/// </summary>
public sealed class RegisterMap : IModbusSlaveDevice
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(RegisterKind Kind, ushort Address), ushort> _values = [];
    private readonly HashSet<ushort> _writable = [];

    public void Define(RegisterKind kind, ushort address, ushort value = 0, bool writable = false)
    {
        if (writable && kind == RegisterKind.Input)
            throw new ArgumentException("Input registers cannot be written from the bus.", nameof(writable));
        lock (_gate)
        {
            if (!_values.TryAdd((kind, address), value))
                throw new ArgumentException($"The {kind.ToString().ToLowerInvariant()} register {address} is already defined.", nameof(address));
            if (writable)
                _writable.Add(address);
        }
    }

    /// <summary>Sets consecutive registers at once; all must be defined.</summary>
    public void Set(RegisterKind kind, ushort address, ReadOnlySpan<ushort> values)
    {
        lock (_gate)
        {
            RequireDefined(kind, address, values.Length);
            for (var i = 0; i < values.Length; i++)
                _values[(kind, (ushort)(address + i))] = values[i];
        }
    }

    /// <summary>Reads consecutive registers at once; all must be defined.</summary>
    public void Get(RegisterKind kind, ushort address, Span<ushort> values)
    {
        lock (_gate)
        {
            RequireDefined(kind, address, values.Length);
            for (var i = 0; i < values.Length; i++)
                values[i] = _values[(kind, (ushort)(address + i))];
        }
    }

    /// <summary>Sets or clears one bit of a register, leaving the others as they are.</summary>
    public void SetBit(RegisterKind kind, ushort address, int bit, bool on)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)bit, 15u, nameof(bit));
        lock (_gate)
        {
            RequireDefined(kind, address, 1);
            var mask = (ushort)(1 << bit);
            var value = _values[(kind, address)];
            _values[(kind, address)] = on ? (ushort)(value | mask) : (ushort)(value & ~mask);
        }
    }

    public ModbusExceptionCode? Read(RegisterKind kind, ushort address, Span<ushort> values)
    {
        lock (_gate)
        {
            if (!AllDefined(kind, address, values.Length))
                return ModbusExceptionCode.IllegalDataAddress;
            for (var i = 0; i < values.Length; i++)
                values[i] = _values[(kind, (ushort)(address + i))];
            return null;
        }
    }

    public ModbusExceptionCode? Write(ushort address, ReadOnlySpan<ushort> values)
    {
        lock (_gate)
        {
            if (!AllDefined(RegisterKind.Holding, address, values.Length) || !Enumerable.Range(address, values.Length).All(a => _writable.Contains((ushort)a)))
                return ModbusExceptionCode.IllegalDataAddress;
            for (var i = 0; i < values.Length; i++)
                _values[(RegisterKind.Holding, (ushort)(address + i))] = values[i];
            return null;
        }
    }

    private bool AllDefined(RegisterKind kind, ushort address, int count) =>
        address + count <= 0x10000 && Enumerable.Range(address, count).All(a => _values.ContainsKey((kind, (ushort)a)));

    private void RequireDefined(RegisterKind kind, ushort address, int count)
    {
        if (!AllDefined(kind, address, count))
            throw new ArgumentException($"The {kind.ToString().ToLowerInvariant()} registers {address}..{address + count - 1} are not all defined.", nameof(address));
    }
}
