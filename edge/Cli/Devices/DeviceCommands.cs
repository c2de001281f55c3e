using System.CommandLine;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Camera;
using EdgeSecurity.Cli.Config;
using EdgeSecurity.Cli.Localization;
using EdgeSecurity.Configuration.Editing;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Cli.Devices;

/// <summary>
/// <c>edgesec device add|list|edit|remove</c>: declares doors, smoke detectors, Modbus sensors and cameras in the agent's
/// config by editing its text (comments and layout kept), checked by the agent's own loader before the file is replaced.
/// </summary>
public static class DeviceCommands
{
    public static Command Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var settings = new DeviceOptions(messages);
        var add = new Command("add", messages.DeviceAddCommand);
        foreach (var (kind, help, wirings) in new[]
        {
            ("door", messages.DeviceAddDoorCommand, new[] { DeviceWiring.Door }),
            ("smoke", messages.DeviceAddSmokeCommand, new[] { DeviceWiring.Relay, DeviceWiring.Modbus }),
            ("sensor", messages.DeviceAddSensorCommand, new[] { DeviceWiring.Modbus }),
            ("camera", messages.DeviceAddCameraCommand, new[] { DeviceWiring.Camera }),
        })
        {
            var id = new Argument<string>("ID") { Description = messages.DeviceIdArgument };
            var path = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
            var command = new Command(kind, help) { id, path };
            foreach (var option in settings.For(wirings))
                command.Options.Add(option);
            command.SetAction(parse => Add(options.OutputFor(parse), parse.GetValue(path)!, kind, parse.GetValue(id)!, settings, parse));
            add.Subcommands.Add(command);
        }

        var listPath = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var list = new Command("list", messages.DeviceListCommand) { listPath };
        list.SetAction(parse => List(options.OutputFor(parse), parse.GetValue(listPath)!));

        var editId = new Argument<string>("ID") { Description = messages.DeviceIdArgument };
        var editPath = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var edit = new Command("edit", messages.DeviceEditCommand) { editId, editPath };
        foreach (var option in settings.All)
            edit.Options.Add(option);
        edit.SetAction(parse => Edit(options.OutputFor(parse), parse.GetValue(editPath)!, parse.GetValue(editId)!, settings, parse));

        var removeId = new Argument<string>("ID") { Description = messages.DeviceIdArgument };
        var removePath = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var remove = new Command("remove", messages.DeviceRemoveCommand) { removeId, removePath };
        remove.SetAction(parse => Remove(options.OutputFor(parse), parse.GetValue(removePath)!, parse.GetValue(removeId)!));

        return new Command("device", messages.DeviceCommand) { add, list, edit, remove };
    }

    private static int Add(CliOutput output, string path, string kind, string id, DeviceOptions settings, ParseResult parse)
    {
        var messages = output.Messages;
        return ConfigEdit.Apply(output, path, document =>
        {
            if (!Identifiers.IsValid(id))
                return new EditOutcome.Refused(messages.InvalidDeviceId(id));
            if (DeviceInventory.Find(document, id) is { } existing)
                return new EditOutcome.Refused(messages.DuplicateDeviceId(id, WiringName(existing.Wiring), LineOf(document, existing.Path)));
            var identity = YamlValue.BlockMap([new("id", YamlValue.Text(id))]);
            YamlTextDocument added;
            DeviceEntry device;
            switch (kind)
            {
                case "door":
                    if (parse.GetValue(settings.Line) is null && !parse.GetValue(settings.Simulated))
                        return new EditOutcome.Refused(messages.DoorWiringMissing);
                    added = document.Append(YamlPath.Root, "doors", identity);
                    device = new DeviceEntry(id, DeviceWiring.Door, YamlPath.Root.Key("doors").Index(added.Find(YamlPath.Root.Key("doors"))!.Items.Count - 1));
                    break;
                case "smoke" when parse.GetValue(settings.Bus) is null:
                    if (parse.GetValue(settings.AlarmLine) is null && !parse.GetValue(settings.Simulated))
                        return new EditOutcome.Refused(messages.SmokeWiringMissing);
                    added = document.Append(YamlPath.Root, "smokeDetectors", identity);
                    device = new DeviceEntry(id, DeviceWiring.Relay, YamlPath.Root.Key("smokeDetectors").Index(added.Find(YamlPath.Root.Key("smokeDetectors"))!.Items.Count - 1));
                    break;
                case "smoke" or "sensor":
                {
                    if (parse.GetValue(settings.Bus) is not { } bus)
                        return new EditOutcome.Refused(messages.SensorBusMissing);
                    if (parse.GetValue(settings.Slave) is null || parse.GetValue(settings.Profile) is null)
                        return new EditOutcome.Refused(messages.ModbusSlaveProfileMissing);
                    var (withDevice, devicePath, refusal) = AddToBus(document, bus, identity, settings, parse, messages);
                    if (refusal is not null)
                        return refusal;
                    added = withDevice!;
                    device = new DeviceEntry(id, DeviceWiring.Modbus, devicePath!);
                    break;
                }
                default:
                    if (parse.GetValue(settings.Url) is null)
                        return new EditOutcome.Refused(messages.CameraUrlMissing);
                    added = document.Append(YamlPath.Root, "cameras", identity);
                    device = new DeviceEntry(id, DeviceWiring.Camera, YamlPath.Root.Key("cameras").Index(added.Find(YamlPath.Root.Key("cameras"))!.Items.Count - 1));
                    break;
            }
            if (settings.NotApplying(parse, device.Wiring).ToList() is { Count: > 0 } notApplying)
                return new EditOutcome.Refused(messages.OptionsNotApplying(string.Join(", ", notApplying), id, WiringName(device.Wiring)));
            var edits = new DeviceEdits(settings, parse, messages);
            var result = edits.Apply(added, device);
            if (edits.Problems.Count > 0)
                return new EditOutcome.Refused(edits.Problems[0], [.. edits.Problems.Skip(1)]);
            return new EditOutcome.Changed(result, messages.DeviceAdded(kind, id, path), new ChangeDocument(path, "added", kind, id));
        });
    }

    private static (YamlTextDocument? Document, YamlPath? Device, EditOutcome.Refused? Refusal) AddToBus(
        YamlTextDocument document, string bus, YamlValue identity, DeviceOptions settings, ParseResult parse, Messages messages)
    {
        var buses = YamlPath.Root.Key("rs485Buses");
        var existing = DeviceInventory.Find(document, bus);
        if (existing is { Wiring: not DeviceWiring.Bus })
            return (null, null, new EditOutcome.Refused(messages.NotABus(bus, WiringName(existing.Wiring))));
        if (existing is not null)
        {
            var port = parse.GetValue(settings.Port);
            if (port is not null && document.Find(existing.Path)?.Text("port") is { } current && port != current && Path.GetFullPath(port) != current)
                return (null, null, new EditOutcome.Refused(messages.BusHasOtherPort(bus, current)));
            var edited = document.Append(existing.Path, "devices", identity);
            return (edited, existing.Path.Key("devices").Index(edited.Find(existing.Path.Key("devices"))!.Items.Count - 1), null);
        }
        if (parse.GetValue(settings.Port) is not { } newPort)
            return (null, null, new EditOutcome.Refused(messages.NewBusNeedsPort(bus)));
        var entries = new List<KeyValuePair<string, YamlValue>> { new("id", YamlValue.Text(bus)), new("port", YamlValue.Text(Path.GetFullPath(newPort))) };
        if (parse.GetValue(settings.Baud) is { } baud)
            entries.Add(new("baudRate", YamlValue.Number(baud)));
        if (parse.GetValue(settings.Parity) is { } parity)
            entries.Add(new("parity", YamlValue.Text(parity)));
        entries.Add(new("devices", YamlValue.BlockList([identity])));
        var withBus = document.Append(YamlPath.Root, "rs485Buses", YamlValue.BlockMap(entries));
        var index = withBus.Find(buses)!.Items.Count - 1;
        return (withBus, buses.Index(index).Key("devices").Index(0), null);
    }

    /// <summary>Edit and remove: a device that is in the config, and not a bus (which goes with its last device).</summary>
    private static int ApplyToDevice(CliOutput output, string path, string id, Func<YamlTextDocument, DeviceEntry, EditOutcome> edit)
    {
        var messages = output.Messages;
        return ConfigEdit.Apply(output, path, document => DeviceInventory.Find(document, id) switch
        {
            null => new EditOutcome.Refused(messages.DeviceNotFound(id, path)),
            { Wiring: DeviceWiring.Bus } => new EditOutcome.Refused(messages.BusNotEditable(id)),
            var device => edit(document, device),
        });
    }

    private static int Edit(CliOutput output, string path, string id, DeviceOptions settings, ParseResult parse)
    {
        var messages = output.Messages;
        return ApplyToDevice(output, path, id, (document, device) =>
        {
            if (!settings.All.Any(o => parse.GetResult(o) is { Implicit: false }))
                return new EditOutcome.Refused(messages.NothingToChange(id));
            var notApplying = settings.NotApplying(parse, device.Wiring).Concat(
                device.Wiring == DeviceWiring.Modbus ? new Option[] { settings.Bus, settings.Port, settings.Baud, settings.Parity }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name) : []).ToList();
            if (notApplying.Count > 0)
                return new EditOutcome.Refused(messages.OptionsNotApplying(string.Join(", ", notApplying), id, WiringName(device.Wiring)));
            var edits = new DeviceEdits(settings, parse, messages);
            var result = edits.Apply(document, device);
            if (edits.Problems.Count > 0)
                return new EditOutcome.Refused(edits.Problems[0], [.. edits.Problems.Skip(1)]);
            var change = new ChangeDocument(path, result.Text == document.Text ? "unchanged" : "edited", WiringName(device.Wiring), id);
            if (result.Text == document.Text)
                return new EditOutcome.Unchanged(messages.DeviceUnchanged(id, path), change);
            return new EditOutcome.Changed(result, messages.DeviceEdited(id, path), change);
        });
    }

    private static int Remove(CliOutput output, string path, string id)
    {
        var messages = output.Messages;
        return ApplyToDevice(output, path, id, (document, device) =>
        {
            // A bus without devices is not valid: the last device takes its bus along.
            var bus = device.Wiring == DeviceWiring.Modbus ? device.Path.Parent.Parent : null;
            var removeBus = bus is not null && document.Find(bus.Key("devices"))!.Items.Count == 1;
            var result = document.Remove(removeBus ? bus! : device.Path);
            var message = removeBus ? messages.DeviceRemovedWithBus(id, document.Find(bus!)!.Text("id") ?? "", path) : messages.DeviceRemoved(id, path);
            var mentions = Mentions(result, id);
            if (mentions.Count > 0)
                message += Environment.NewLine + messages.StillMentioned(id, string.Join(", ", mentions));
            return new EditOutcome.Changed(result, message, new ChangeDocument(path, "removed", WiringName(device.Wiring), id));
        });
    }

    /// <summary>Lines where the id is still named (maintenance windows, test devices): left for the installer to decide, since an empty list means something else.</summary>
    private static List<int> Mentions(YamlTextDocument document, string id)
    {
        var lines = new List<int>();
        var lists = new List<YamlTextNode?> { document.Find(YamlPath.Root.Key("testDevices")) };
        lists.AddRange(document.Find(YamlPath.Root.Key("maintenance"))?.Items.Select(window => window.Get("devices")) ?? []);
        foreach (var list in lists)
            lines.AddRange(list?.Items.Where(item => item.Value == id).Select(item => (int)item.StartMark.Line) ?? []);
        return lines;
    }

    private static int List(CliOutput output, string path)
    {
        var messages = output.Messages;
        if (ConfigCommands.Load(output, path) is not { } config)
            return ExitCodes.BadUsage;
        var rows = new List<DeviceRow>();
        rows.AddRange(config.Doors.Select(d => new DeviceRow("door", d.Id, d.Name, PlaceOf(d.Place),
            d.Source == DoorSource.Gpio && d.Lines is { } lines ? $"gpio {lines.Chip}:{lines.Line}" : "simulated", null)));
        rows.AddRange(config.SmokeDetectors.Select(s => new DeviceRow("smoke", s.Id, s.Name, PlaceOf(s.Place),
            s.Source == SmokeRelaySource.Simulated ? "simulated" : $"gpio alarm {s.AlarmLine}{(s.FaultLine is { } fault ? $", fault {fault}" : "")}", null)));
        foreach (var bus in config.Rs485Buses)
        {
            rows.AddRange(bus.Devices.Select(d => new DeviceRow(d.Profile.Conditions.Contains("alarm") ? "smoke" : "sensor", d.Id, d.Name, PlaceOf(d.Place),
                $"rs485 {bus.Id} ({bus.Port}) slave {d.SlaveId}", d.Profile.Name)));
        }
        rows.AddRange(config.Cameras.Select(c => new DeviceRow("camera", c.Id, c.Name, PlaceOf(c.Place),
            $"{CameraUrl.Masked(c.Source)} {c.Width}×{c.Height}", c.Model is { } model ? Path.GetFileNameWithoutExtension(model.ManifestPath) : null)));
        return output.List(new ListDocument(path, rows), rows, messages.NoDevices(path),
            [messages.Kind, messages.Id, messages.Place, messages.Wiring, messages.ProfileColumn],
            row => [messages.KindName(row.Kind), row.Name is null ? row.Id : $"{row.Id} ({row.Name})", row.Place ?? "-", row.Wiring, row.Profile ?? "-"]);
    }

    private static string? PlaceOf(DoorPlace place)
    {
        var parts = new[] { ("grid", place.Grid), ("building", place.Building), ("unit", place.Unit), ("floor", place.Floor), ("room", place.Room) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1} {p.Item2}").ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    internal static int LineOf(YamlTextDocument document, YamlPath path) => (int)(document.Find(path)?.StartMark.Line ?? 0);

    internal static string WiringName(DeviceWiring wiring) => wiring switch
    {
        DeviceWiring.Door => "door",
        DeviceWiring.Relay => "smoke",
        DeviceWiring.Modbus => "modbus",
        DeviceWiring.Camera => "camera",
        _ => "rs485-bus",
    };

    private sealed record ChangeDocument(string File, string Action, string Kind, string Id);

    private sealed record DeviceRow(string Kind, string Id, string? Name, string? Place, string Wiring, string? Profile);

    private sealed record ListDocument(string File, IReadOnlyList<DeviceRow> Devices);
}
