using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Publishes QoS 1 messages over plain MQTT 3.1.1 on raw sockets, writing packets in large batches and counting the
/// PUBACKs. It stands in for many gateways on other machines: a load generator that costs the shared cores as little
/// as possible, so the broker and the subscriber under test get them. (Publishing through libmosquitto, one packet per
/// call, took most of a core at 40,000 msg/s.)
/// </summary>
internal static class MqttLoadGenerator
{
    private const int Connections = 2;
    private const int Window = 4000;
    private const int BatchBytes = 64 * 1024;

    /// <summary>Completes when the broker has acknowledged every message.</summary>
    public static Task PublishAsync(MosquittoBroker broker, IReadOnlyList<(string Topic, byte[] Payload)> messages) =>
        Task.WhenAll(Enumerable.Range(0, Connections).Select(c => PublishShareAsync(broker, messages, c)));

    private static async Task PublishShareAsync(MosquittoBroker broker, IReadOnlyList<(string Topic, byte[] Payload)> messages, int connection)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(broker.Host, broker.Port);
        await socket.SendAsync(Connect($"bench-load-{connection}-{Guid.NewGuid():N}"));
        var connack = new byte[4];
        await ReceiveExactlyAsync(socket, connack);
        if (connack[0] != 0x20 || connack[3] != 0)
            throw new InvalidOperationException($"the broker refused the load generator's connection (CONNACK {Convert.ToHexString(connack)})");

        var share = Enumerable.Range(0, messages.Count).Where(i => i % Connections == connection).Select(i => messages[i]).ToList();
        using var credits = new SemaphoreSlim(Window);
        var acknowledged = CountAcknowledgementsAsync(socket, share.Count, credits);
        var buffer = new MemoryStream(BatchBytes * 2);
        ushort packetId = 0;
        foreach (var (topic, payload) in share)
        {
            await credits.WaitAsync();
            packetId = (ushort)(packetId % ushort.MaxValue + 1);
            WritePublish(buffer, topic, payload, packetId);
            if (buffer.Length >= BatchBytes || credits.CurrentCount == 0)
                await FlushAsync(socket, buffer);
        }
        await FlushAsync(socket, buffer);
        await acknowledged;
        await socket.SendAsync(new byte[] { 0xE0, 0x00 });
    }

    private static async Task CountAcknowledgementsAsync(Socket socket, int expected, SemaphoreSlim credits)
    {
        var buffer = new byte[64 * 1024];
        var pending = 0;
        var acknowledged = 0;
        while (acknowledged < expected)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(pending));
            if (read == 0)
                throw new InvalidOperationException($"the broker closed the load generator's connection after {acknowledged} of {expected} PUBACKs");
            pending += read;
            // PUBACK (MQTT 3.1.1): 0x40, remaining length 2, packet id.
            var whole = pending / 4 * 4;
            for (var i = 0; i < whole; i += 4)
            {
                if (buffer[i] != 0x40 || buffer[i + 1] != 0x02)
                    throw new InvalidOperationException($"unexpected packet 0x{buffer[i]:X2} from the broker where a PUBACK was due");
            }
            acknowledged += whole / 4;
            if (whole > 0)
                credits.Release(whole / 4);
            buffer.AsSpan(whole, pending - whole).CopyTo(buffer);
            pending -= whole;
        }
    }

    private static async Task FlushAsync(Socket socket, MemoryStream buffer)
    {
        if (buffer.Length == 0)
            return;
        await socket.SendAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        buffer.SetLength(0);
    }

    private static byte[] Connect(string clientId)
    {
        var packet = new MemoryStream();
        var id = Encoding.UTF8.GetBytes(clientId);
        Span<byte> variable = [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x3C];
        packet.WriteByte(0x10);
        WriteRemainingLength(packet, variable.Length + 2 + id.Length);
        packet.Write(variable);
        WriteString(packet, id);
        return packet.ToArray();
    }

    private static void WritePublish(MemoryStream packet, string topic, byte[] payload, ushort packetId)
    {
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        packet.WriteByte(0x32);
        WriteRemainingLength(packet, 2 + topicBytes.Length + 2 + payload.Length);
        WriteString(packet, topicBytes);
        Span<byte> id = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(id, packetId);
        packet.Write(id);
        packet.Write(payload);
    }

    private static void WriteString(MemoryStream packet, byte[] text)
    {
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)text.Length);
        packet.Write(length);
        packet.Write(text);
    }

    private static void WriteRemainingLength(MemoryStream packet, int length)
    {
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            packet.WriteByte(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            if (n == 0)
                throw new InvalidOperationException("the broker closed the load generator's connection before its CONNACK");
            read += n;
        }
    }
}
