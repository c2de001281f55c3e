using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Modbus.Tests;

public sealed class ProfileLoadingTests
{
    internal static string SmokeDetectorProfile => Path.Combine(RepositoryLayout.Root, "hardware", "profiles", "photoelectric-smoke-detector.yaml");

    internal static string TemperatureHumidityProfile => Path.Combine(RepositoryLayout.Root, "hardware", "profiles", "temperature-humidity-sensor.yaml");

    [Fact]
    public void The_smoke_detector_profile_loads_with_its_status_bits_measurements_and_configuration()
    {
        var result = DeviceProfileLoader.LoadFile(SmokeDetectorProfile);

        Assert.Empty(result.Errors);
        var profile = result.Profile!;
        Assert.Equal("photoelectric-smoke-detector", profile.Name);
        Assert.Equal(new SerialSettings(), profile.Serial);
        Assert.Equal(
            [StatusConditions.Alarm, StatusConditions.Fault, StatusConditions.LowBattery, StatusConditions.DirtyChamber, StatusConditions.Tamper, StatusConditions.SelfTest],
            profile.Conditions);
        Assert.Equal("dB/m", profile.Find("smokeDensity")!.Unit);
        Assert.Equal(0.1, profile.Find("temperature")!.Scale);
        Assert.True(profile.Find("deviceAddress")!.Writable);
        // One poll reads status, smoke, temperature and battery with a single 03 request; configuration is apart.
        var poll = Assert.Single(profile.PollBlocks);
        Assert.Equal((RegisterKind.Holding, (ushort)0, (ushort)4), (poll.Kind, poll.Address, poll.Count));
        Assert.Equal([(ushort)0, (ushort)0x100], profile.AllBlocks.Select(b => b.Address));
    }

    [Fact]
    public void The_temperature_humidity_profile_loads_with_input_registers_in_tenths()
    {
        var profile = DeviceProfileLoader.LoadFile(TemperatureHumidityProfile).ProfileOrThrow();

        Assert.Empty(profile.Conditions);
        var poll = Assert.Single(profile.PollBlocks);
        Assert.Equal((RegisterKind.Input, (ushort)1, (ushort)2), (poll.Kind, poll.Address, poll.Count));
        Assert.Equal("%RH", profile.Find("humidity")!.Unit);
        Assert.Equal(RegisterDataType.Signed16, profile.Find("temperatureCorrection")!.DataType);
    }

    [Fact]
    public void Blocks_merge_touching_registers_of_one_table_only_and_stay_within_125_registers()
    {
        DeviceResource Resource(string name, RegisterKind kind, ushort address, RegisterDataType type = RegisterDataType.Unsigned16) =>
            new() { Name = name, Register = kind, Address = address, DataType = type };

        var blocks = RegisterBlock.Plan(
        [
            Resource("a", RegisterKind.Holding, 0),
            Resource("b", RegisterKind.Holding, 1, RegisterDataType.FloatingPoint32),
            Resource("c", RegisterKind.Holding, 4),
            Resource("d", RegisterKind.Input, 3),
            Resource("e", RegisterKind.Holding, 100),
            Resource("f", RegisterKind.Holding, 224),
            Resource("g", RegisterKind.Holding, 225),
        ]);

        Assert.Equal(
            ["Holding 0+3", "Holding 4+1", "Holding 100+1", "Holding 224+2", "Input 3+1"],
            blocks.Select(b => $"{b.Kind} {b.Address}+{b.Count}"));
        var wide = RegisterBlock.Plan(Enumerable.Range(0, 130).Select(i => Resource($"r{i}", RegisterKind.Input, (ushort)i)));
        Assert.Equal([125, 5], wide.Select(b => (int)b.Count));
    }
}
