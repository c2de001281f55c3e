namespace EdgeSecurity.Modbus.Profiles;

/// <summary>
/// The closed vocabulary of status-bit conditions. A fixed list lets the loader catch a misspelt condition, and lets
/// the agent map conditions to contract events without knowing any device: alarm → fire.smoke_alarm,
/// fault → fire.detector_fault, low_battery → fire.low_battery.
/// </summary>
public static class StatusConditions
{
    public const string Alarm = "alarm";
    public const string PreAlarm = "pre_alarm";
    public const string Fault = "fault";
    public const string LowBattery = "low_battery";
    public const string Tamper = "tamper";
    public const string DirtyChamber = "dirty_chamber";
    public const string SelfTest = "self_test";

    public static IReadOnlyList<string> All { get; } = [Alarm, PreAlarm, Fault, LowBattery, Tamper, DirtyChamber, SelfTest];
}
