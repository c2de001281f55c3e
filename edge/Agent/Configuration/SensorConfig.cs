using EdgeSecurity.Bindings.Gpiod;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Agent.Configuration;

public enum SmokeRelaySource
{
    /// <summary>The detector's relays on two GPIO inputs of the gateway, read through libgpiod.</summary>
    Gpio,

    /// <summary>Relays that exist only in the agent, switched through the control socket, for commissioning and demos.</summary>
    Simulated,
}

/// <summary>
/// A dry-contact smoke detector: its alarm relay and, if it has one, its fault relay, each on a GPIO input. With the
/// default wiring (pull-up, active-low) the alarm input is true on alarm and the fault input true while the detector
/// is healthy, so a cut cable shows as a fault (hardware/SmokeDetectorRelay/README.md).
/// </summary>
public sealed record SmokeDetectorConfig(
    string Id,
    string? Name,
    DoorPlace Place,
    SmokeRelaySource Source,
    GpioLineAddress? AlarmLine,
    GpioLineAddress? FaultLine,
    GpioBias Bias,
    bool ActiveLow,
    TimeSpan Debounce);

/// <summary>
/// One RS-485 bus: a serial port with its line settings and the Modbus devices on it, polled one after another by one
/// poller. A device missing <see cref="OfflineAfterMissedPolls"/> polls in a row is reported offline.
/// </summary>
public sealed record Rs485BusConfig(
    string Id,
    string Port,
    SerialSettings Serial,
    TimeSpan ResponseTimeout,
    int Retries,
    TimeSpan PollInterval,
    int OfflineAfterMissedPolls,
    TimeSpan TelemetryInterval,
    IReadOnlyList<ModbusDeviceConfig> Devices);

/// <summary>A Modbus device on a bus: its slave id and the profile of its model (hardware/profiles/).</summary>
public sealed record ModbusDeviceConfig(string Id, string? Name, DoorPlace Place, byte SlaveId, string ProfilePath, DeviceProfile Profile);
