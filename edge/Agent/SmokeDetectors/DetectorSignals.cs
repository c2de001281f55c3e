namespace EdgeSecurity.Agent.SmokeDetectors;

/// <summary>
/// What a detector says about itself in one reading. Null means the device cannot tell (a relay detector without a
/// fault relay, a sensor without status bits, a detector without a battery).
/// </summary>
public readonly record struct DetectorSignals(bool Alarm, bool? Fault, bool? LowBattery, double? BatteryVolts = null);
