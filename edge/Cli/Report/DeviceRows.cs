using System.Globalization;
using EdgeSecurity.Agent.Commissioning;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Gpiod;
using EdgeSecurity.Cli.Camera;
using EdgeSecurity.Cli.Localization;

namespace EdgeSecurity.Cli.Report;

/// <summary>One configured device as the report lists it: what it is, where, how it is wired, and its walk-test result.</summary>
public sealed record DeviceRow(string Id, string Kind, string? Name, string Place, string Wiring, DeviceFiring? Fired);

/// <summary>Every device of the config, in the walk test's order, described for the acceptance document.</summary>
public static class DeviceRows
{
    public static IReadOnlyList<DeviceRow> Of(AgentConfig config, CommissioningRecord? record, Messages messages)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(messages);
        DeviceFiring? Fired(string id) => record?.Devices.GetValueOrDefault(id);
        return
        [
            .. config.Doors.Select(d => new DeviceRow(d.Id, "door", d.Name, PlaceOf(d.Place, messages), DoorWiring(d, messages), Fired(d.Id))),
            .. config.SmokeDetectors.Select(d => new DeviceRow(d.Id, "smoke", d.Name, PlaceOf(d.Place, messages), SmokeWiring(d, messages), Fired(d.Id))),
            .. config.Rs485Buses.SelectMany(b => b.Devices.Select(d => new DeviceRow(d.Id, "sensor", d.Name, PlaceOf(d.Place, messages),
                messages.ReportModbusWiring(b.Port, b.Serial.BaudRate, d.SlaveId, d.Profile.Name), Fired(d.Id)))),
            .. config.Cameras.Select(c => new DeviceRow(c.Id, "camera", c.Name, PlaceOf(c.Place, messages),
                string.Create(CultureInfo.InvariantCulture, $"{CameraUrl.Masked(c.Source)} · {c.Width}×{c.Height}")
                    + (c.Model is null ? "" : " · " + Path.GetFileNameWithoutExtension(c.Model.ManifestPath)), Fired(c.Id))),
        ];
    }

    private static string PlaceOf(DoorPlace place, Messages messages) => messages.ReportPlace(place.Building, place.Unit, place.Floor, place.Room);

    private static string DoorWiring(DoorConfig door, Messages messages) => door.Source == DoorSource.Gpio && door.Lines is { } lines
        ? messages.ReportDoorWiring(lines.Chip, lines.Line, lines.Contact == ContactType.NormallyClosed ? "NC" : "NO", lines.ReleaseLine, lines.TamperLine)
        : messages.ReportSimulated;

    private static string SmokeWiring(SmokeDetectorConfig detector, Messages messages) => detector.Source == SmokeRelaySource.Simulated
        ? messages.ReportSimulated
        : messages.ReportRelayWiring(Line(detector.AlarmLine), detector.FaultLine is null ? null : Line(detector.FaultLine));

    private static string Line(GpioLineAddress? line) => line is null ? "?"
        : string.Create(CultureInfo.InvariantCulture, $"{line.Chip ?? "*"}:{(object?)line.Offset ?? line.LineName}");
}
