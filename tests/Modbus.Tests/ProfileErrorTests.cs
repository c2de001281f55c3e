using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Modbus.Tests;

/// <summary>Every kind of mistake in a profile file gets its own error with file, line and column.</summary>
public sealed class ProfileErrorTests
{
    // Line numbers in the expectations below count from "name:" as line 1.
    private const string Valid = """
        name: test-detector
        deviceResources:
          - name: status
            register: holding
            address: 0
            dataType: uint16
            statusBits:
              - { bit: 0, condition: alarm }
          - name: temperature
            register: input
            address: 0x10
            dataType: int16
            scale: 0.1
            unit: °C
        """;

    [Fact]
    public void The_reference_text_of_these_tests_is_valid()
    {
        var result = DeviceProfileLoader.LoadText(Valid, "p.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(-12.5, ResourceCodec.Decode(result.Profile!.Find("temperature")!, [unchecked((ushort)-125)]));
    }

    [Theory]
    [InlineData("register: holding", "register: coil", "p.yaml:4:15: deviceResources[0].register: unknown register 'coil'; expected the register table: one of holding, input")]
    [InlineData("dataType: uint16", "dataType: unit16", "p.yaml:6:15: deviceResources[0].dataType: unknown dataType 'unit16' (did you mean 'uint16'?); expected the data type: one of uint16, int16, uint32, int32, float32")]
    [InlineData("address: 0x10", "address: 70000", "p.yaml:11:14: deviceResources[1].address: 70000 is out of range; expected a register address from 0 to 65535 (decimal or 0x hex), zero-based as sent on the wire")]
    [InlineData("address: 0x10", "address: ten", "p.yaml:11:14: deviceResources[1].address: 'ten' is not a whole number; expected a register address from 0 to 65535 (decimal or 0x hex), zero-based as sent on the wire")]
    [InlineData("address: 0x10", "adress: 0x10", "p.yaml:11:5: deviceResources[1].adress: unknown key 'adress' (did you mean 'address'?); expected one of: name, description, register, dataType, address, wordOrder, scale, offset, unit, readWrite, defaultValue, statusBits")]
    [InlineData("condition: alarm", "condition: low_batery", "p.yaml:8:30: deviceResources[0].statusBits[0].condition: unknown condition 'low_batery' (did you mean 'low_battery'?); expected one of alarm, pre_alarm, fault, low_battery, tamper, dirty_chamber, self_test")]
    [InlineData("bit: 0", "bit: 16", "p.yaml:8:16: deviceResources[0].statusBits[0].bit: 16 is out of range; expected a bit number from 0 (least significant) to 15")]
    [InlineData("dataType: uint16", "dataType: int16", "p.yaml:8:7: deviceResources[0].statusBits: status bits need a 16-bit status register; expected dataType uint16 for a resource with status bits")]
    [InlineData("scale: 0.1", "scale: 0", "p.yaml:13:12: deviceResources[1].scale: is 0, which would make every value 0; expected a number other than 0, e.g. 0.1 for tenths")]
    [InlineData("scale: 0.1", "scale: 0.1\n    wordOrder: low_first", "p.yaml:14:16: deviceResources[1].wordOrder: applies only to 32-bit data types; expected no wordOrder for uint16 and int16")]
    [InlineData("unit: °C", "unit: °C\n    readWrite: RW", "p.yaml:15:16: deviceResources[1].readWrite: input registers are read-only; expected R, or register: holding for a writable resource")]
    [InlineData("unit: °C", "unit: °C\n    defaultValue: 99999", "p.yaml:15:19: deviceResources[1].defaultValue: 99999 °C is outside what temperature can hold (-3276.8 to 3276.7 °C); expected a value the resource can hold")]
    [InlineData("name: temperature", "name: status", "p.yaml:9:11: deviceResources[1].name: 'status' is already the name of deviceResources[0] (line 3); expected a name used once per profile")]
    [InlineData("register: input\n    address: 0x10", "register: holding\n    address: 0", "p.yaml:11:14: deviceResources[1].address: 'temperature' (holding register 0) overlaps 'status' (holding register 0); expected each register used by one resource only")]
    [InlineData("name: temperature", "name: 2nd-temperature", "p.yaml:9:11: deviceResources[1].name: '2nd-temperature' is not a valid name; expected a resource name: a letter, then letters, digits or '_', up to 64 characters, e.g. smokeDensity")]
    [InlineData("name: test-detector\n", "", "p.yaml:1:1: name: is missing; expected a profile name: lower-case letters, digits, '.', '_' or '-', up to 64 characters")]
    [InlineData("name: test-detector", "name: test-detector\nserial: { baudRate: 14400 }", "p.yaml:2:21: serial.baudRate: 14400 baud is not supported by the serial driver; expected one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200")]
    [InlineData("name: test-detector", "name: 'test", "p.yaml:1:7: invalid YAML: While scanning a quoted scalar, found unexpected end of stream; expected a device profile in YAML, like those in hardware/profiles/")]
    [InlineData("name: test-detector", "name: x\nname: y", "p.yaml:2:1: invalid YAML: Duplicate key name; expected a device profile in YAML, like those in hardware/profiles/")]
    [InlineData("name: test-detector", "name: [test", "p.yaml: invalid YAML: the parser stopped without saying where, which usually means an unclosed '[' or '{'; expected a device profile in YAML, like those in hardware/profiles/")]
    public void A_mistake_is_reported_where_it_is_with_what_was_expected(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);

        var result = DeviceProfileLoader.LoadText(Valid.Replace(find, replace, StringComparison.Ordinal), "p.yaml");

        Assert.Null(result.Profile);
        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Every_mistake_of_a_file_is_reported_at_once_in_file_order()
    {
        var text = Valid
            .Replace("dataType: uint16", "dataType: unit16", StringComparison.Ordinal)
            .Replace("condition: alarm", "condition: smoke", StringComparison.Ordinal)
            .Replace("scale: 0.1", "scale: tenth", StringComparison.Ordinal);

        var errors = DeviceProfileLoader.LoadText(text, "p.yaml").Errors;

        Assert.Equal(["p.yaml:6:15", "p.yaml:8:30", "p.yaml:13:12"], errors.Select(e => $"{e.File}:{e.Line}:{e.Column}"));
    }

    [Theory]
    [InlineData("", "p.yaml: is empty; expected a device profile in YAML, like those in hardware/profiles/")]
    [InlineData("- just\n- a list\n", "p.yaml:1:1: found a list; expected a mapping with the keys name and deviceResources")]
    [InlineData("name: x\ndeviceResources: []\n", "p.yaml:2:18: deviceResources: is empty; expected a list of device resources")]
    [InlineData("name: x\ndeviceResources: [{ name: a, register: holding, address: 0, dataType: uint16 }]\n---\nname: y\n", "p.yaml:4:1: holds 2 YAML documents; expected one profile per file")]
    public void A_file_that_is_not_a_profile_at_all_says_so(string text, string expected)
    {
        var result = DeviceProfileLoader.LoadText(text, "p.yaml");

        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void A_missing_file_is_one_clear_error()
    {
        var result = DeviceProfileLoader.LoadFile("/nonexistent/detector.yaml");

        Assert.Equal("/nonexistent/detector.yaml: file not found; expected a device profile in YAML, like those in hardware/profiles/", Assert.Single(result.Errors).ToString());
        var thrown = Assert.Throws<InvalidDataException>(result.ProfileOrThrow);
        Assert.Equal(result.Errors[0].ToString(), thrown.Message);
    }
}
