using System.Globalization;
using EdgeSecurity.Cli.Localization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EdgeSecurity.Cli.Status;

/// <summary>The agent's status as an installer reads it: a summary grid, then one row per device and one per camera.</summary>
public static class StatusTables
{
    public static IRenderable Render(AgentStatus status, Messages messages)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(messages);
        var summary = new Grid().AddColumn().AddColumn();
        summary.AddRow(Escaped(messages.Gateway), Escaped(status.Gateway));
        summary.AddRow(Escaped(messages.Broker), status.BrokerConnected ? $"[green]{Markup.Escape(messages.Connected)}[/]" : $"[red]{Markup.Escape(messages.Disconnected)}[/]");
        if (status.Mode is { } mode)
            summary.AddRow(Escaped(messages.Mode), mode == "normal" ? Escaped(messages.ModeName(mode)) : $"[yellow]{Markup.Escape(messages.ModeName(mode))}[/]");
        if (status.Outbox is { } outbox)
        {
            var waiting = messages.OutboxWaiting(outbox.Events, outbox.States, outbox.Telemetry)
                + (outbox.OldestAgeSeconds is { } age and > 0 ? messages.OutboxOldest(age) : "");
            summary.AddRow(Escaped(messages.Outbox), Escaped(waiting));
        }

        if (status.Devices.Count == 0)
            return status.Doors.Count == 0 ? new Rows(summary, new Text(messages.NoDoors)) : new Rows(summary, Doors(status.Doors, messages));
        var rows = new List<IRenderable> { summary, Devices(status.Devices, messages) };
        if (status.Cameras.Count > 0)
            rows.Add(Cameras(status.Cameras, messages));
        return new Rows(rows);
    }

    /// <summary>An agent from before <c>status json</c> tells its doors only.</summary>
    private static Table Doors(IReadOnlyList<DoorStatus> doors, Messages messages)
    {
        var table = new Table().AddColumns(Escaped(messages.Door), Escaped(messages.State), Escaped(messages.Armed));
        foreach (var door in doors)
            table.AddRow(Escaped(door.Id), Escaped(door.Open ? messages.DoorOpen : messages.DoorClosed), Escaped(door.Armed ? messages.Yes : messages.No));
        return table;
    }

    private static Table Devices(IReadOnlyList<DeviceStatus> devices, Messages messages)
    {
        var table = new Table().AddColumns(Escaped(messages.Device), Escaped(messages.Kind), Escaped(messages.State), Escaped(messages.Online),
            Escaped(messages.LastSeen), Escaped(messages.Notes));
        foreach (var device in devices)
        {
            table.AddRow(
                Escaped(device.Id),
                Escaped(messages.KindName(device.Kind)),
                Escaped(messages.DeviceStateName(device.State)),
                device.Online ? $"[green]{Markup.Escape(messages.Yes)}[/]" : $"[red]{Markup.Escape(messages.No)}[/]",
                Escaped(device.LastSeenAt is { } seen ? seen.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—"),
                Escaped(Notes(device, messages)));
        }
        return table;
    }

    private static string Notes(DeviceStatus device, Messages messages)
    {
        var notes = new List<string>();
        if (device.Armed is { } armed)
            notes.Add(armed ? messages.ArmedNote : messages.Disarmed);
        if (device.Fault == true)
            notes.Add(messages.DeviceFault);
        if (device.LowBattery == true)
            notes.Add(messages.LowBattery);
        if (device.BatteryVolts is { } volts)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{volts:0.00} V"));
        return string.Join(", ", notes);
    }

    private static Table Cameras(IReadOnlyList<CameraStatus> cameras, Messages messages)
    {
        var table = new Table().AddColumns(Escaped(messages.Camera), Escaped(messages.State), Escaped(messages.InputFps), Escaped(messages.DetectFps),
            Escaped(messages.SkippedPercent));
        foreach (var camera in cameras)
        {
            table.AddRow(
                Escaped(camera.Id),
                camera.Online ? $"[green]{Markup.Escape(messages.DeviceStateName(camera.State))}[/]" : $"[red]{Markup.Escape(messages.DeviceStateName(camera.State))}[/]",
                Escaped(Rate(camera.InputFps)), Escaped(Rate(camera.DetectFps)), Escaped(Rate(camera.SkippedPercent)));
        }
        return table;
    }

    /// <summary>"—" before the camera's first telemetry interval has ended.</summary>
    private static string Rate(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    private static string Escaped(string text) => Markup.Escape(text);
}
