using EdgeSecurity.Bindings.Serial;

namespace EdgeSecurity.Bindings.Serial.Tests;

public sealed class SerialLineFailureTests
{
    [Fact]
    public async Task Cancelling_a_waiting_read_ends_it_and_the_line_keeps_working()
    {
        await using var lines = await PtyLines.OpenAsync();
        using var cancellation = new CancellationTokenSource();

        var waiting = lines.A.ReadAsync(new byte[8], Timeout.InfiniteTimeSpan, cancellation.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(PtyLines.Patience));
        await lines.B.WriteAsync(new byte[] { 42 }, PtyLines.Patience);
        var buffer = new byte[8];
        Assert.Equal(1, await lines.A.ReadAsync(buffer, PtyLines.Patience));
        Assert.Equal(42, buffer[0]);
    }

    [Fact]
    public async Task Overlapping_reads_on_one_line_are_refused()
    {
        await using var lines = await PtyLines.OpenAsync();
        using var cancellation = new CancellationTokenSource();
        var first = lines.A.ReadAsync(new byte[8], Timeout.InfiniteTimeSpan, cancellation.Token).AsTask();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => lines.A.ReadAsync(new byte[8], Timeout.InfiniteTimeSpan).AsTask());

        Assert.Contains("must not overlap", error.Message, StringComparison.Ordinal);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
    }

    [Fact]
    public async Task When_the_other_end_goes_away_a_waiting_read_fails_with_line_closed()
    {
        await using var lines = await PtyLines.OpenAsync();
        var waiting = lines.A.ReadAsync(new byte[8], Timeout.InfiniteTimeSpan).AsTask();

        await lines.Pair.KillAsync();

        var error = await Assert.ThrowsAsync<SerialLineClosedException>(() => waiting.WaitAsync(PtyLines.Patience));
        Assert.Contains($"Serial line {lines.Pair.PathA} was closed by the other end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_after_the_other_end_went_away_fails_with_line_closed()
    {
        await using var lines = await PtyLines.OpenAsync();

        await lines.Pair.KillAsync();

        var error = await Assert.ThrowsAsync<SerialLineClosedException>(() => lines.B.WriteAsync(new byte[] { 1 }, PtyLines.Patience).AsTask());
        Assert.Equal(5, error.ErrorNumber);
    }

    [Fact]
    public void Opening_a_missing_device_says_so_in_one_sentence()
    {
        var error = Assert.Throws<SerialLineException>(() => SerialLine.Open("/dev/ttyUSB-missing"));

        Assert.Equal(
            "Serial device /dev/ttyUSB-missing does not exist; check that the USB–RS-485 adapter is plugged in (ls /dev/ttyUSB* /dev/serial/by-id/).",
            error.Message);
        Assert.Equal(2, error.ErrorNumber);
    }

    [Fact]
    public void Opening_something_that_is_not_a_terminal_is_refused()
    {
        var error = Assert.Throws<SerialLineException>(() => SerialLine.Open("/dev/null"));

        Assert.StartsWith("/dev/null is not a serial device (tcgetattr: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_baud_rate_is_refused_before_anything_is_opened()
    {
        var error = Assert.Throws<ArgumentException>(() => SerialLine.Open("/dev/ttyUSB-missing", new SerialSettings { BaudRate = 14400 }));

        Assert.StartsWith("14400 baud is not supported; use one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_a_line_ends_a_waiting_read_and_refuses_later_use()
    {
        var lines = await PtyLines.OpenAsync();
        await using (lines)
        {
            var waiting = lines.A.ReadAsync(new byte[8], Timeout.InfiniteTimeSpan).AsTask();

            lines.A.Dispose();

            await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(PtyLines.Patience));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => lines.A.WriteAsync(new byte[1], PtyLines.Patience).AsTask());
        }
    }
}
