using System.Diagnostics;
using EdgeSecurity.Bindings.Serial;

namespace EdgeSecurity.Bindings.Serial.Tests;

public sealed class SerialLineTransferTests
{
    [Fact]
    public async Task Bytes_written_on_one_end_arrive_on_the_other_in_both_directions()
    {
        await using var lines = await PtyLines.OpenAsync();
        byte[] request = [0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD];
        byte[] answer = [0x01, 0x83, 0x02, 0xC0, 0xF1];

        await lines.A.WriteAsync(request, PtyLines.Patience);
        var received = new byte[request.Length];
        await lines.B.ReadExactlyAsync(received, PtyLines.Patience);
        await lines.B.WriteAsync(answer, PtyLines.Patience);
        var returned = new byte[answer.Length];
        await lines.A.ReadExactlyAsync(returned, PtyLines.Patience);

        Assert.Equal(request, received);
        Assert.Equal(answer, returned);
    }

    [Fact]
    public async Task A_transfer_larger_than_the_kernel_buffers_waits_for_space_and_arrives_intact()
    {
        await using var lines = await PtyLines.OpenAsync();
        var sent = new byte[256 * 1024];
        new Random(7).NextBytes(sent);

        var writing = lines.A.WriteAsync(sent, TimeSpan.FromSeconds(20)).AsTask();
        var received = new byte[sent.Length];
        await lines.B.ReadExactlyAsync(received, TimeSpan.FromSeconds(20));
        await writing;

        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task A_read_with_nothing_to_read_returns_zero_once_the_timeout_has_passed()
    {
        await using var lines = await PtyLines.OpenAsync();
        var timeout = TimeSpan.FromMilliseconds(100);

        var elapsed = Stopwatch.StartNew();
        var count = await lines.A.ReadAsync(new byte[16], timeout);

        Assert.Equal(0, count);
        Assert.InRange(elapsed.Elapsed, timeout, PtyLines.Patience);
    }

    [Fact]
    public async Task ReadExactly_says_how_many_bytes_arrived_before_the_timeout()
    {
        await using var lines = await PtyLines.OpenAsync();
        await lines.B.WriteAsync(new byte[3], PtyLines.Patience);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => lines.A.ReadExactlyAsync(new byte[8], TimeSpan.FromMilliseconds(100)).AsTask());

        Assert.Contains("received 3 of 8 bytes within 100 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discarding_input_drops_the_bytes_not_yet_read()
    {
        await using var lines = await PtyLines.OpenAsync();
        await lines.B.WriteAsync(new byte[] { 1, 2, 3 }, PtyLines.Patience);
        await lines.A.ReadExactlyAsync(new byte[1], PtyLines.Patience);

        lines.A.DiscardInput();
        await lines.B.WriteAsync(new byte[] { 9 }, PtyLines.Patience);
        var next = new byte[4];
        var count = await lines.A.ReadAsync(next, PtyLines.Patience);

        Assert.Equal([9], next[..count]);
    }

    [Fact]
    public async Task Bytes_available_counts_what_has_arrived_and_not_been_read()
    {
        await using var lines = await PtyLines.OpenAsync();
        Assert.Equal(0, lines.A.BytesAvailable);

        await lines.B.WriteAsync(new byte[] { 1, 2, 3 }, PtyLines.Patience);
        await Poll.UntilAsync(() => Task.FromResult(lines.A.BytesAvailable), count => count == 3, "three bytes to arrive", PtyLines.Patience);
        await lines.A.ReadExactlyAsync(new byte[2], PtyLines.Patience);

        Assert.Equal(1, lines.A.BytesAvailable);
    }

    [Fact]
    public async Task Drain_returns_once_the_written_bytes_have_left()
    {
        await using var lines = await PtyLines.OpenAsync();
        await lines.A.WriteAsync(new byte[] { 1, 2 }, PtyLines.Patience);

        lines.A.Drain();

        var received = new byte[2];
        await lines.B.ReadExactlyAsync(received, PtyLines.Patience);
        Assert.Equal([1, 2], received);
    }
}
