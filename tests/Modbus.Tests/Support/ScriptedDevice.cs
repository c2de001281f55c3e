using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus.Rtu;

namespace EdgeSecurity.Modbus.Tests.Support;

/// <summary>
/// The far end of a bus driven by the test itself, byte for byte, to produce answers no well-behaved slave would:
/// garbage, bad CRCs, another slave's answer, silence.
/// </summary>
internal sealed class ScriptedDevice(SerialLine line)
{
    /// <summary>Reads one 8-byte request (functions 03, 04 and 06 all have that length).</summary>
    public async Task<byte[]> ReceiveRequestAsync()
    {
        var request = new byte[8];
        await line.ReadExactlyAsync(request, PtyBus.Patience);
        Assert.True(RtuFrame.HasValidCrc(request), $"the master sent a frame with a bad CRC: {Convert.ToHexString(request)}");
        return request;
    }

    public async Task SendAsync(byte[] bytes) => await line.WriteAsync(bytes, PtyBus.Patience);

    /// <summary>A correct answer to a read request, with the given register values.</summary>
    public static byte[] ReadAnswer(byte[] request, params ushort[] values)
    {
        var pdu = new byte[2 + (2 * values.Length)];
        pdu[0] = request[1];
        pdu[1] = (byte)(2 * values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            pdu[2 + (2 * i)] = (byte)(values[i] >> 8);
            pdu[3 + (2 * i)] = (byte)values[i];
        }
        return RtuFrame.Encode(request[0], pdu);
    }

    public static byte[] WithBadCrc(byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        copy[^1] ^= 0xFF;
        return copy;
    }
}
