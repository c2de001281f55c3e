using System.Diagnostics;

namespace EdgeSecurity.Bindings.Gpiod.Tests;

public sealed class GpioClockTests
{
    [Fact]
    public void The_system_edge_clock_is_the_stopwatch_clock_in_time_units()
    {
        // On Linux both are CLOCK_MONOTONIC, the clock of the kernel's edge timestamps.
        var before = Stopwatch.GetElapsedTime(0);
        var now = GpioClock.Now(TimeProvider.System);
        var after = Stopwatch.GetElapsedTime(0);

        Assert.InRange(now, before, after);
    }

    [Fact]
    public void An_edge_timestamp_becomes_wall_clock_time_by_the_time_elapsed_since()
    {
        var time = new ManualTimeProvider();
        var edgeAt = time.Now;
        var wallClockAtEdge = time.GetUtcNow();

        time.Advance(TimeSpan.FromMilliseconds(250));

        Assert.Equal(wallClockAtEdge, GpioClock.ToWallClock(edgeAt, time));
    }

    [Theory]
    [InlineData("gpiochip0", 17, "gpiochip0:17")]
    [InlineData("/dev/gpiochip1", 0, "/dev/gpiochip1:0")]
    public void A_line_address_reads_as_chip_and_offset(string chip, int offset, string expected)
    {
        Assert.Equal(expected, GpioLineAddress.OnChip(chip, offset).ToString());
    }

    [Fact]
    public void A_named_line_address_reads_as_its_name()
    {
        Assert.Equal("gpiochip0:DOOR_1", GpioLineAddress.OnChip("gpiochip0", "DOOR_1").ToString());
        Assert.Equal("DOOR_1", GpioLineAddress.Named("DOOR_1").ToString());
    }
}
