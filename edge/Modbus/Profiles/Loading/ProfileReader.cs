using System.Text.RegularExpressions;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Configuration;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Modbus.Profiles.Loading;

/// <summary>Reads a profile document into a <see cref="DeviceProfile"/>, recording every problem on the way.</summary>
internal sealed partial class ProfileReader(ConfigErrors errors)
{
    private const string AddressExpected = "a register address from 0 to 65535 (decimal or 0x hex), zero-based as sent on the wire";

    private static readonly Dictionary<string, RegisterKind> Registers = new(StringComparer.Ordinal)
    {
        ["holding"] = RegisterKind.Holding,
        ["input"] = RegisterKind.Input,
    };

    private static readonly Dictionary<string, RegisterDataType> DataTypes = new(StringComparer.Ordinal)
    {
        ["uint16"] = RegisterDataType.Unsigned16,
        ["int16"] = RegisterDataType.Signed16,
        ["uint32"] = RegisterDataType.Unsigned32,
        ["int32"] = RegisterDataType.Signed32,
        ["float32"] = RegisterDataType.FloatingPoint32,
    };

    private static readonly Dictionary<string, WordOrder> WordOrders = new(StringComparer.Ordinal)
    {
        ["high_first"] = WordOrder.HighFirst,
        ["low_first"] = WordOrder.LowFirst,
    };

    private static readonly Dictionary<string, bool> Access = new(StringComparer.Ordinal)
    {
        ["R"] = false,
        ["RW"] = true,
    };

    private static readonly Dictionary<string, SerialParity> Parities = new(StringComparer.Ordinal)
    {
        ["none"] = SerialParity.None,
        ["even"] = SerialParity.Even,
        ["odd"] = SerialParity.Odd,
    };

    private static readonly Dictionary<string, bool> Conditions = StatusConditions.All.ToDictionary(c => c, _ => true, StringComparer.Ordinal);

    public DeviceProfile? Read(YamlNode root)
    {
        var map = YamlMap.Of(root, "", errors, "a mapping with the keys name and deviceResources");
        if (map is null)
            return null;

        var name = map.Matching("name", ProfileName(), required: true, "a profile name: lower-case letters, digits, '.', '_' or '-', up to 64 characters");
        var manufacturer = map.Text("manufacturer", required: false, "the manufacturer's name");
        var model = map.Text("model", required: false, "the model name or number");
        var description = map.Text("description", required: false, "a description");
        var (serial, slaveId) = ReadSerial(map.Map("serial", "a mapping with baudRate, dataBits, parity, stopBits and slaveId"));
        var items = map.List("deviceResources", required: true, "a list of device resources", "a device resource: a mapping with name, register, address and dataType") ?? [];
        var resources = items.Select(item => (Item: item, Resource: ReadResource(item))).ToList();
        map.ReportUnknownKeys();
        CheckUniqueNames(resources);
        CheckOverlaps(resources);

        if (errors.Any || name is null)
            return null;
        return new DeviceProfile
        {
            Name = name,
            Manufacturer = manufacturer,
            Model = model,
            Description = description,
            Serial = serial,
            DefaultSlaveId = slaveId,
            Resources = [.. resources.Select(r => r.Resource!)],
        };
    }

    private static (SerialSettings Settings, byte SlaveId) ReadSerial(YamlMap? map)
    {
        var defaults = new SerialSettings();
        if (map is null)
            return (defaults, 1);

        var baudRate = map.Integer("baudRate", 1, int.MaxValue, required: false, BaudRateExpected());
        if (baudRate is { } baud && !SerialSettings.SupportedBaudRates.Contains((int)baud))
            map.Error("baudRate", $"{baud} baud is not supported by the serial driver", BaudRateExpected());
        var dataBits = map.Integer("dataBits", 7, 8, required: false, "7 or 8 (Modbus RTU uses 8)");
        var parity = map.Choice("parity", Parities, required: false, "the parity");
        var stopBits = map.Integer("stopBits", 1, 2, required: false, "1 or 2");
        var slaveId = map.Integer("slaveId", 1, 247, required: false, "the factory slave id, 1 to 247");
        map.ReportUnknownKeys();

        var settings = new SerialSettings
        {
            BaudRate = (int)(baudRate ?? defaults.BaudRate),
            DataBits = (int)(dataBits ?? defaults.DataBits),
            Parity = parity ?? defaults.Parity,
            StopBits = stopBits == 2 ? SerialStopBits.Two : SerialStopBits.One,
        };
        return (settings, (byte)(slaveId ?? 1));
    }

    private static string BaudRateExpected() => $"one of {string.Join(", ", SerialSettings.SupportedBaudRates)}";

    private static DeviceResource? ReadResource(YamlMap map)
    {
        var name = map.Matching("name", ResourceName(), required: true, "a resource name: a letter, then letters, digits or '_', up to 64 characters, e.g. smokeDensity");
        var description = map.Text("description", required: false, "a description");
        var register = map.Choice("register", Registers, required: true, "the register table");
        var dataType = map.Choice("dataType", DataTypes, required: true, "the data type");
        var wide = dataType is not (null or RegisterDataType.Unsigned16 or RegisterDataType.Signed16);
        var address = map.Integer("address", 0, wide ? 65534 : 65535, required: true, wide ? AddressExpected + "; a 32-bit value also takes the next one" : AddressExpected);
        var wordOrder = map.Choice("wordOrder", WordOrders, required: false, "the order of the two registers of a 32-bit value");
        if (wordOrder is not null && dataType is not null && !wide)
            map.Error("wordOrder", "applies only to 32-bit data types", "no wordOrder for uint16 and int16");
        var scale = map.Number("scale", required: false, "a number other than 0, e.g. 0.1 for tenths");
        if (scale == 0)
            map.Error("scale", "is 0, which would make every value 0", "a number other than 0, e.g. 0.1 for tenths");
        var offset = map.Number("offset", required: false, "a number added after scaling, e.g. -40");
        var unit = map.Text("unit", required: false, "a unit such as °C, %RH or dB/m");
        var writable = map.Choice("readWrite", Access, required: false, "the access");
        if (writable == true && register == RegisterKind.Input)
            map.Error("readWrite", "input registers are read-only", "R, or register: holding for a writable resource");
        var defaultValue = map.Number("defaultValue", required: false, "the value a simulator starts with, in engineering units");
        var statusBits = ReadStatusBits(map, dataType);
        map.ReportUnknownKeys();

        if (name is null || register is null || dataType is null || address is null)
            return null;
        var resource = new DeviceResource
        {
            Name = name,
            Description = description,
            Register = register.Value,
            Address = (ushort)address,
            DataType = dataType.Value,
            WordOrder = wordOrder ?? WordOrder.HighFirst,
            Scale = scale is null or 0 ? 1 : scale.Value,
            Offset = offset ?? 0,
            Unit = unit,
            Writable = writable ?? false,
            DefaultValue = defaultValue,
            StatusBits = statusBits,
        };
        if (defaultValue is { } initial && ResourceCodec.TryEncode(resource, initial, out var problem) is null)
            map.Error("defaultValue", problem!, "a value the resource can hold");
        return resource;
    }

    private static List<StatusBit> ReadStatusBits(YamlMap map, RegisterDataType? dataType)
    {
        var items = map.List("statusBits", required: false, "a list of status bits", "a status bit: a mapping with bit and condition");
        if (items is null)
            return [];
        if (dataType is not (null or RegisterDataType.Unsigned16))
            map.Error("statusBits", "status bits need a 16-bit status register", "dataType uint16 for a resource with status bits");

        var bits = new List<StatusBit>();
        foreach (var item in items)
        {
            var bit = item.Integer("bit", 0, 15, required: true, "a bit number from 0 (least significant) to 15");
            var condition = item.Text("condition", required: true, ConditionExpected());
            var description = item.Text("description", required: false, "a description");
            item.ReportUnknownKeys();
            if (condition is not null && !Conditions.ContainsKey(condition))
            {
                item.Error("condition", $"unknown condition '{condition}'{NameSuggestion.Hint(condition, StatusConditions.All)}", ConditionExpected());
                condition = null;
            }
            if (bit is { } number && bits.Any(b => b.Bit == number))
            {
                item.Error("bit", $"bit {number} is already given a condition", "each bit at most once");
                bit = null;
            }
            if (bit is not null && condition is not null)
                bits.Add(new StatusBit((int)bit, condition, description));
        }
        return bits;
    }

    private static string ConditionExpected() => $"one of {string.Join(", ", StatusConditions.All)}";

    private static void CheckUniqueNames(List<(YamlMap Item, DeviceResource? Resource)> resources)
    {
        var seen = new Dictionary<string, YamlMap>(StringComparer.Ordinal);
        foreach (var (item, resource) in resources)
        {
            if (resource is null)
                continue;
            if (seen.TryGetValue(resource.Name, out var first))
                item.Error("name", $"'{resource.Name}' is already the name of {first.Path} (line {first.Start.Line})", "a name used once per profile");
            else
                seen[resource.Name] = item;
        }
    }

    private static void CheckOverlaps(List<(YamlMap Item, DeviceResource? Resource)> resources)
    {
        var valid = resources.Where(r => r.Resource is not null).Select(r => (r.Item, Resource: r.Resource!)).ToList();
        for (var i = 0; i < valid.Count; i++)
        {
            var (item, resource) = valid[i];
            var clash = valid.Take(i).FirstOrDefault(earlier =>
                earlier.Resource.Register == resource.Register && earlier.Resource.Address < resource.EndAddress && resource.Address < earlier.Resource.EndAddress);
            if (clash.Resource is { } other)
                item.Error("address", $"'{resource.Name}' ({Describe(resource)}) overlaps '{other.Name}' ({Describe(other)})", "each register used by one resource only");
        }
    }

    private static string Describe(DeviceResource resource)
    {
        var table = resource.Register == RegisterKind.Holding ? "holding" : "input";
        return resource.RegisterCount == 1 ? $"{table} register {resource.Address}" : $"{table} registers {resource.Address}-{resource.EndAddress - 1}";
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex ProfileName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex ResourceName();
}
