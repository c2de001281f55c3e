using EdgeSecurity.Modbus;
using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Cli.Serial;

public enum SlaveAnswer
{
    Silent,
    Answered,

    /// <summary>Only invalid frames came back: something is there, but wiring, baud rate or a second master spoils it.</summary>
    Garbled,
}

/// <summary>What one slave id did on the bus, and which profiles read it completely.</summary>
public sealed record SlaveScan(byte SlaveId, SlaveAnswer Answer, IReadOnlyList<string> MatchingProfiles);

/// <summary>Probes ids one by one, then reads each answering id with each profile.</summary>
public sealed class BusScanner(ModbusRtuMaster master, IReadOnlyList<DeviceProfile> profiles)
{
    /// <summary>
    /// Any answer proves a slave is there, an exception answer too (a device without register 0 says "illegal data
    /// address"); so one read of one register tells present from absent.
    /// </summary>
    public async Task<SlaveScan> ScanAsync(byte slaveId, CancellationToken cancellationToken)
    {
        var answer = await ProbeAsync(slaveId, cancellationToken).ConfigureAwait(false);
        if (answer == SlaveAnswer.Silent)
            return new SlaveScan(slaveId, answer, []);
        var matching = new List<string>();
        foreach (var profile in profiles)
        {
            if (await ReadsCompletelyAsync(new ModbusDevice(master, slaveId, profile), cancellationToken).ConfigureAwait(false))
                matching.Add(profile.Name);
        }
        return new SlaveScan(slaveId, answer, matching);
    }

    private async Task<SlaveAnswer> ProbeAsync(byte slaveId, CancellationToken cancellationToken)
    {
        try
        {
            await master.ReadHoldingRegistersAsync(slaveId, 0, 1, cancellationToken).ConfigureAwait(false);
            return SlaveAnswer.Answered;
        }
        catch (ModbusSlaveException)
        {
            return SlaveAnswer.Answered;
        }
        catch (ModbusFrameException)
        {
            return SlaveAnswer.Garbled;
        }
        catch (ModbusTimeoutException)
        {
            return SlaveAnswer.Silent;
        }
    }

    /// <summary>A profile matches when every polled resource reads without an exception or timeout.</summary>
    private static async Task<bool> ReadsCompletelyAsync(ModbusDevice device, CancellationToken cancellationToken)
    {
        try
        {
            await device.PollAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ModbusException)
        {
            return false;
        }
    }
}
