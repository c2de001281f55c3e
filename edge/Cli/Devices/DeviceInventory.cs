using EdgeSecurity.Configuration.Editing;

namespace EdgeSecurity.Cli.Devices;

/// <summary>How a device is declared in the agent's config, which decides the keys it has.</summary>
public enum DeviceWiring
{
    /// <summary>An item of <c>doors</c>.</summary>
    Door,

    /// <summary>An item of <c>smokeDetectors</c>: relays on GPIO inputs, or simulated.</summary>
    Relay,

    /// <summary>An item of <c>devices</c> of one of <c>rs485Buses</c>: a Modbus RTU smoke detector or sensor.</summary>
    Modbus,

    /// <summary>An item of <c>cameras</c>.</summary>
    Camera,

    /// <summary>An item of <c>rs485Buses</c>: reports its own health, but is edited through its devices.</summary>
    Bus,
}

/// <summary>A device found in the config's text, with the path of its mapping.</summary>
public sealed record DeviceEntry(string Id, DeviceWiring Wiring, YamlPath Path);

/// <summary>Every device id of the config's text, wherever it is declared: ids are topic segments, so they are unique across kinds.</summary>
public static class DeviceInventory
{
    public static IReadOnlyList<DeviceEntry> All(YamlTextDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var found = new List<DeviceEntry>();
        void Section(string key, DeviceWiring wiring)
        {
            var list = document.Find(YamlPath.Root.Key(key));
            for (var i = 0; i < (list?.Items.Count ?? 0); i++)
            {
                if (list!.Items[i].Text("id") is { } id)
                    found.Add(new DeviceEntry(id, wiring, YamlPath.Root.Key(key).Index(i)));
            }
        }
        Section("doors", DeviceWiring.Door);
        Section("smokeDetectors", DeviceWiring.Relay);
        Section("rs485Buses", DeviceWiring.Bus);
        var buses = document.Find(YamlPath.Root.Key("rs485Buses"));
        for (var b = 0; b < (buses?.Items.Count ?? 0); b++)
        {
            var devices = buses!.Items[b].Get("devices");
            for (var d = 0; d < (devices?.Items.Count ?? 0); d++)
            {
                if (devices!.Items[d].Text("id") is { } id)
                    found.Add(new DeviceEntry(id, DeviceWiring.Modbus, YamlPath.Root.Key("rs485Buses").Index(b).Key("devices").Index(d)));
            }
        }
        Section("cameras", DeviceWiring.Camera);
        return found;
    }

    public static DeviceEntry? Find(YamlTextDocument document, string id) => All(document).FirstOrDefault(d => d.Id == id);
}
