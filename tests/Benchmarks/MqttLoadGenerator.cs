using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Publishes QoS 1 messages over plain MQTT 3.1.1 on a raw socket, writing packets in large batches and counting the
/// PUBACKs. It stands in for many gateways on other machines: a load generator that costs the shared cores as little
/// as possible, so the broker and the subscriber under test get them. (Publishing through libmosquitto, one packet per
/// call, took most of a core at 40,000 msg/s.)
/// </summary>
internal sealed class MqttLoadGenerator : IAsyncDisposable
{
    private const int Window = 4000;
    private const int BatchBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly SemaphoreSlim _credits = new(Window);
    private readonly MemoryStream _batch = new(BatchBytes * 2);
    private readonly Task _acknowledgements;
    private ushort _packetId;

    private MqttLoadGenerator(Socket socket)
    {
        _socket = socket;
        _acknowledgements = CountAcknowledgementsAsync();
    }

    /// <summary>The messages spread over <paramref name="connections"/> connections; completes when the broker has acknowledged every one.</summary>
    public static Task PublishAllAsync(MosquittoBroker broker, IReadOnlyList<(string Topic, byte[] Payload)> messages, int connections = 2) =>
        Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            await using var generator = await ConnectAsync(broker);
            for (var i = c; i < messages.Count; i += connections)
                await generator.PublishAsync(messages[i].Topic, messages[i].Payload);
            await generator.FlushAsync();
        }));

    public static async Task<MqttLoadGenerator> ConnectAsync(MosquittoBroker broker)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(broker.Host, broker.Port);
            await socket.SendAsync(Connect($"bench-load-{Guid.NewGuid():N}"));
            var connack = new byte[4];
            for (var read = 0; read < connack.Length;)
            {
                var n = await socket.ReceiveAsync(connack.AsMemory(read));
                read += n > 0 ? n : throw new InvalidOperationException("the broker closed the load generator's connection before its CONNACK");
            }
            if (connack[0] != 0x20 || connack[3] != 0)
                throw new InvalidOperationException($"the broker refused the load generator's connection (CONNACK {Convert.ToHexString(connack)})");
            return new MqttLoadGenerator(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Adds a message to the batch, which goes out when full or when the window of unacknowledged messages is.</summary>
    public async ValueTask PublishAsync(string topic, byte[] payload)
    {
        await _credits.WaitAsync();
        _packetId = (ushort)(_packetId % ushort.MaxValue + 1);
        WritePublish(topic, payload, _packetId);
        if (_batch.Length >= BatchBytes || _credits.CurrentCount == 0)
            await SendBatchAsync();
    }

    /// <summary>Sends what is batched and waits until the broker has acknowledged everything published.</summary>
    public async Task FlushAsync()
    {
        await SendBatchAsync();
        for (var i = 0; i < Window; i++)
            await _credits.WaitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        _credits.Release(Window);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.Connected)
            await _socket.SendAsync(new byte[] { 0xE0, 0x00 });
        _socket.Dispose();
        await _acknowledgements.ContinueWith(_ => { }, TaskScheduler.Default);
        _credits.Dispose();
    }

    private async Task SendBatchAsync()
    {
        if (_batch.Length == 0)
            return;
        await _socket.SendAsync(_batch.GetBuffer().AsMemory(0, (int)_batch.Length));
        _batch.SetLength(0);
    }

    private async Task CountAcknowledgementsAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = 0;
        while (true)
        {
            var read = await _socket.ReceiveAsync(buffer.AsMemory(pending));
            if (read == 0)
                return;
            pending += read;
            // PUBACK (MQTT 3.1.1): 0x40, remaining length 2, packet id.
            var whole = pending / 4 * 4;
            for (var i = 0; i < whole; i += 4)
            {
                if (buffer[i] != 0x40 || buffer[i + 1] != 0x02)
                    throw new InvalidOperationException($"unexpected packet 0x{buffer[i]:X2} from the broker where a PUBACK was due");
            }
            if (whole > 0)
                _credits.Release(whole / 4);
            buffer.AsSpan(whole, pending - whole).CopyTo(buffer);
            pending -= whole;
        }
    }

    private static byte[] Connect(string clientId)
    {
        var packet = new MemoryStream();
        Span<byte> variable = [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x3C];
        var id = Encoding.UTF8.GetBytes(clientId);
        packet.WriteByte(0x10);
        WriteRemainingLength(packet, variable.Length + 2 + id.Length);
        packet.Write(variable);
        WriteString(packet, id);
        return packet.ToArray();
    }

    private void WritePublish(string topic, byte[] payload, ushort packetId)
    {
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        _batch.WriteByte(0x32);
        WriteRemainingLength(_batch, 2 + topicBytes.Length + 2 + payload.Length);
        WriteString(_batch, topicBytes);
        Span<byte> id = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(id, packetId);
        _batch.Write(id);
        _batch.Write(payload);
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
}
