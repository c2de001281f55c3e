using EdgeSecurity.Modbus.Profiles;
using EdgeSecurity.Modbus.Tests.Support;

namespace EdgeSecurity.Modbus.Tests;

public sealed class ProfileDecodingTests
{
    [Theory]
    [InlineData(RegisterDataType.Unsigned16, WordOrder.HighFirst, new ushort[] { 235 }, 0.1, 0, 23.5)]
    [InlineData(RegisterDataType.Signed16, WordOrder.HighFirst, new ushort[] { 0xFF9C }, 0.1, 0, -10.0)]
    [InlineData(RegisterDataType.Unsigned16, WordOrder.HighFirst, new ushort[] { 100 }, 0.5, -40, 10.0)]
    [InlineData(RegisterDataType.Unsigned32, WordOrder.HighFirst, new ushort[] { 0x0001, 0x0002 }, 1, 0, 65538.0)]
    [InlineData(RegisterDataType.Unsigned32, WordOrder.LowFirst, new ushort[] { 0x0002, 0x0001 }, 1, 0, 65538.0)]
    [InlineData(RegisterDataType.Signed32, WordOrder.HighFirst, new ushort[] { 0xFFFF, 0xFFFE }, 1, 0, -2.0)]
    [InlineData(RegisterDataType.FloatingPoint32, WordOrder.HighFirst, new ushort[] { 0x41BC, 0x0000 }, 1, 0, 23.5)]
    [InlineData(RegisterDataType.FloatingPoint32, WordOrder.LowFirst, new ushort[] { 0x0000, 0x41BC }, 1, 0, 23.5)]
    public void Registers_decode_by_data_type_word_order_scale_and_offset_and_encode_back(
        RegisterDataType type, WordOrder order, ushort[] registers, double scale, double offset, double expected)
    {
        var resource = new DeviceResource { Name = "value", Register = RegisterKind.Holding, Address = 0, DataType = type, WordOrder = order, Scale = scale, Offset = offset };

        var value = ResourceCodec.Decode(resource, registers);
        var encoded = ResourceCodec.TryEncode(resource, value, out var problem);

        Assert.Equal(expected, value, precision: 9);
        Assert.Null(problem);
        Assert.Equal(registers, encoded);
    }

    [Fact]
    public void A_value_a_resource_cannot_hold_is_refused_with_its_range()
    {
        var humidity = new DeviceResource { Name = "humidity", Register = RegisterKind.Input, Address = 2, DataType = RegisterDataType.Unsigned16, Scale = 0.1, Unit = "%RH" };

        Assert.Null(ResourceCodec.TryEncode(humidity, -1, out var problem));
        Assert.Equal("-1 %RH is outside what humidity can hold (0 to 6553.5 %RH)", problem);
    }

    [Fact]
    public void Status_bits_become_conditions_and_several_bits_of_one_condition_combine()
    {
        var status = new DeviceResource
        {
            Name = "status",
            Register = RegisterKind.Holding,
            Address = 0,
            DataType = RegisterDataType.Unsigned16,
            StatusBits = [new StatusBit(0, StatusConditions.Alarm, null), new StatusBit(1, StatusConditions.Fault, null), new StatusBit(7, StatusConditions.Fault, null)],
        };
        var blocks = RegisterBlock.Plan([status]);

        var reading = DeviceReading.Decode(blocks, [[0b1000_0000]]);

        Assert.False(reading.IsActive(StatusConditions.Alarm));
        Assert.True(reading.IsActive(StatusConditions.Fault));
        Assert.Equal(128, reading.Values["status"]);
        Assert.Equal([StatusConditions.Alarm, StatusConditions.Fault], reading.Conditions.Keys);
    }

    [Fact]
    public async Task A_detector_is_polled_and_configured_by_its_profile_over_the_bus()
    {
        await using var bus = await PtyBus.OpenAsync(baudRate: 9600);
        var profile = DeviceProfileLoader.LoadFile(ProfileLoadingTests.SmokeDetectorProfile).ProfileOrThrow();
        var simulated = new SimulatedDevice(profile);
        await using var slave = new RunningSlave(bus.DeviceLine, new Dictionary<byte, IModbusSlaveDevice> { [3] = simulated.Registers });
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());
        var detector = new ModbusDevice(master, 3, profile);

        var quiet = await detector.PollAsync();
        simulated.SetCondition(StatusConditions.Alarm, true);
        simulated.SetCondition(StatusConditions.LowBattery, true);
        simulated.SetValue("smokeDensity", 0.35);
        simulated.SetValue("temperature", -5.5);
        var alarmed = await detector.PollAsync();
        await detector.WriteAsync("deviceAddress", 17);
        var everything = await detector.ReadAllAsync();

        Assert.All(profile.Conditions, condition => Assert.False(quiet.IsActive(condition), condition));
        Assert.Equal(0.02, quiet.Values["smokeDensity"], precision: 9);
        Assert.Equal(24.5, quiet.Values["temperature"], precision: 9);
        Assert.False(quiet.Values.ContainsKey("deviceAddress"));
        Assert.True(alarmed.IsActive(StatusConditions.Alarm));
        Assert.True(alarmed.IsActive(StatusConditions.LowBattery));
        Assert.False(alarmed.IsActive(StatusConditions.Fault));
        Assert.Equal(0.35, alarmed.Values["smokeDensity"], precision: 9);
        Assert.Equal(-5.5, alarmed.Values["temperature"], precision: 9);
        Assert.Equal(17, everything.Values["deviceAddress"]);
        Assert.Equal(17, simulated.GetValue("deviceAddress"));
    }

    [Fact]
    public async Task A_temperature_humidity_sensor_is_read_with_function_04()
    {
        await using var bus = await PtyBus.OpenAsync(baudRate: 9600);
        var profile = DeviceProfileLoader.LoadFile(ProfileLoadingTests.TemperatureHumidityProfile).ProfileOrThrow();
        var simulated = new SimulatedDevice(profile);
        simulated.SetValue("humidity", 63.4);
        await using var slave = new RunningSlave(bus.DeviceLine, new Dictionary<byte, IModbusSlaveDevice> { [1] = simulated.Registers });
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());
        var functions = new List<ModbusFunction>();
        slave.Slave.RequestServed += (_, e) => functions.Add(e.Function);

        var reading = await new ModbusDevice(master, 1, profile).PollAsync();

        Assert.Equal(22.5, reading.Values["temperature"], precision: 9);
        Assert.Equal(63.4, reading.Values["humidity"], precision: 9);
        Assert.Equal([ModbusFunction.ReadInputRegisters], functions);
    }

    [Fact]
    public async Task Writing_a_read_only_or_unknown_resource_or_an_impossible_value_is_refused_before_the_bus()
    {
        await using var bus = await PtyBus.OpenAsync();
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());
        var detector = new ModbusDevice(master, 1, DeviceProfileLoader.LoadFile(ProfileLoadingTests.SmokeDetectorProfile).ProfileOrThrow());

        var readOnly = await Assert.ThrowsAsync<InvalidOperationException>(() => detector.WriteAsync("temperature", 20));
        await Assert.ThrowsAsync<ArgumentException>(() => detector.WriteAsync("volume", 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => detector.WriteAsync("deviceAddress", 70000));

        Assert.Equal("temperature of photoelectric-smoke-detector is read-only (readWrite: R).", readOnly.Message);
        Assert.Equal(0, bus.DeviceLine.BytesAvailable);
    }

    [Fact]
    public void A_simulated_device_refuses_conditions_and_resources_its_profile_lacks()
    {
        var sensor = new SimulatedDevice(DeviceProfileLoader.LoadFile(ProfileLoadingTests.TemperatureHumidityProfile).ProfileOrThrow());

        var condition = Assert.Throws<ArgumentException>(() => sensor.SetCondition(StatusConditions.Alarm, true));
        var resource = Assert.Throws<ArgumentException>(() => sensor.SetValue("smokeDensity", 1));

        Assert.Equal("the profile temperature-humidity-sensor has no status bit for 'alarm' (its conditions: none)", condition.Message);
        Assert.StartsWith("the profile temperature-humidity-sensor has no resource 'smokeDensity' (it has: temperature, humidity, ", resource.Message, StringComparison.Ordinal);
    }
}
