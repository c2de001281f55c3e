using EdgeSecurity.Modbus.Rtu;

namespace EdgeSecurity.Modbus.Tests;

public sealed class CrcTests
{
    [Theory]
    [InlineData("01030000000A", "C5CD")]
    [InlineData("010300000001", "840A")]
    [InlineData("1103006B0003", "7687")] // the example of the Modbus over serial line specification
    [InlineData("01060001000A", "580D")]
    public void Frames_carry_the_crc_of_their_bytes_low_byte_first(string body, string crcOnTheWire)
    {
        var bytes = Convert.FromHexString(body);

        var frame = RtuFrame.Encode(bytes[0], bytes.AsSpan(1));

        Assert.Equal(body + crcOnTheWire, Convert.ToHexString(frame));
        Assert.True(RtuFrame.HasValidCrc(frame));
    }

    [Fact]
    public void The_crc_detects_every_single_bit_error()
    {
        var frame = Convert.FromHexString("01030000000AC5CD");

        for (var bit = 0; bit < frame.Length * 8; bit++)
        {
            var damaged = (byte[])frame.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(RtuFrame.HasValidCrc(damaged), $"bit {bit} flipped went unnoticed");
        }
    }
}
