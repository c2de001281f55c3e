namespace EdgeSecurity.Bindings.Gpiod.Tests;

public sealed class SimulatedLinesTests
{
    private static readonly GpioLineAddress Door = GpioLineAddress.OnChip("gpiochip0", 4);

    private readonly ManualTimeProvider _time = new();
    private readonly SimulatedLines _lines;

    public SimulatedLinesTests()
    {
        _lines = new SimulatedLines(_time);
        _lines.AddChip("gpiochip0", 8, "sim-header", new Dictionary<int, string> { [4] = "DOOR_1" });
        _lines.AddChip("gpiochip1", 2, "sim-expander");
    }

    [Fact]
    public void The_value_follows_the_wire()
    {
        using var line = _lines.OpenInput(Door);

        Assert.False(line.ReadValue());
        _lines.SetLevel(Door, high: true);
        Assert.True(line.ReadValue());
        _lines.SetLevel(Door, high: false);
        Assert.False(line.ReadValue());
    }

    [Fact]
    public void Active_low_inverts_the_value()
    {
        using var line = _lines.OpenInput(Door, new GpioInputOptions { ActiveLow = true, Bias = GpioBias.PullUp });

        _lines.SetLevel(Door, high: true);
        Assert.False(line.ReadValue());
        _lines.SetLevel(Door, high: false);
        Assert.True(line.ReadValue());
    }

    [Fact]
    public async Task Edges_carry_their_direction_and_the_time_they_happened()
    {
        using var line = _lines.OpenInput(Door);
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();
        var start = _time.Now;

        _lines.SetLevel(Door, high: true);
        _time.Advance(TimeSpan.FromMilliseconds(3));
        _lines.SetLevel(Door, high: true);
        _lines.SetLevel(Door, high: false);

        Assert.Equal(new GpioEdge(GpioEdgeKind.Rising, start), await edges.NextAsync());
        Assert.Equal(new GpioEdge(GpioEdgeKind.Falling, start + TimeSpan.FromMilliseconds(3)), await edges.NextAsync());
    }

    [Fact]
    public async Task Active_low_inverts_the_edges()
    {
        using var line = _lines.OpenInput(Door, new GpioInputOptions { ActiveLow = true });
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();

        _lines.SetLevel(Door, high: true);
        _lines.SetLevel(Door, high: false);

        Assert.Equal(GpioEdgeKind.Falling, (await edges.NextAsync()).Kind);
        Assert.Equal(GpioEdgeKind.Rising, (await edges.NextAsync()).Kind);
    }

    [Fact]
    public async Task Cancelling_the_read_stops_it_and_edges_that_follow_wait_for_the_next_reader()
    {
        using var line = _lines.OpenInput(Door);
        using var cancellation = new CancellationTokenSource();
        var edges = line.ReadEdgesAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var waiting = edges.MoveNextAsync().AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        await edges.DisposeAsync();
        _lines.SetLevel(Door, high: true);
        await using var nextReader = line.ReadEdgesAsync().GetAsyncEnumerator();
        Assert.Equal(GpioEdgeKind.Rising, (await nextReader.NextAsync()).Kind);
    }

    [Fact]
    public async Task A_second_reader_at_the_same_time_is_refused()
    {
        using var line = _lines.OpenInput(Door);
        await using var first = line.ReadEdgesAsync().GetAsyncEnumerator();
        var firstWaiting = first.MoveNextAsync();

        await using var second = line.ReadEdgesAsync().GetAsyncEnumerator();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await second.MoveNextAsync());
        Assert.Contains("gpiochip0:4", error.Message, StringComparison.Ordinal);
        line.Dispose();
        Assert.False(await firstWaiting);
    }

    [Fact]
    public async Task Disposing_releases_the_line_and_ends_its_edges()
    {
        var line = _lines.OpenInput(Door, new GpioInputOptions { Consumer = "door-1" });
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();
        Assert.Equal("door-1", LineInfo(4).Consumer);

        line.Dispose();

        await edges.EndsAsync();
        Assert.Throws<ObjectDisposedException>(() => line.ReadValue());
        Assert.False(LineInfo(4).IsUsed);
        using var again = _lines.OpenInput(Door);
        Assert.True(LineInfo(4).IsUsed);
    }

    [Fact]
    public void A_line_in_use_cannot_be_opened_again()
    {
        using var line = _lines.OpenInput(Door, new GpioInputOptions { Consumer = "door-1" });

        var error = Assert.Throws<GpioException>(() => _lines.OpenInput(GpioLineAddress.OnChip("gpiochip0", "DOOR_1")));

        Assert.Equal("GPIO line gpiochip0:DOOR_1 is already in use by 'door-1'.", error.Message);
    }

    [Theory]
    [InlineData("gpiochip1")]
    [InlineData("/dev/gpiochip1")]
    [InlineData("1")]
    [InlineData("sim-expander")]
    public void A_chip_is_found_by_name_path_number_or_label(string chip)
    {
        using var line = _lines.OpenInput(GpioLineAddress.OnChip(chip, 1));

        _lines.SetLevel(GpioLineAddress.OnChip("gpiochip1", 1), high: true);

        Assert.True(line.ReadValue());
    }

    [Fact]
    public void A_line_is_found_by_name_on_any_chip()
    {
        using var line = _lines.OpenInput(GpioLineAddress.Named("DOOR_1"));

        _lines.SetLevel(Door, high: true);

        Assert.True(line.ReadValue());
    }

    [Fact]
    public void Addresses_that_do_not_exist_are_explained()
    {
        Assert.Equal(
            "GPIO chip 'gpiochip7' was not found: the simulation has gpiochip0 [sim-header], gpiochip1 [sim-expander].",
            Assert.Throws<GpioException>(() => _lines.OpenInput(GpioLineAddress.OnChip("gpiochip7", 0))).Message);
        Assert.Equal(
            "GPIO chip 'gpiochip1' [sim-expander] has 2 lines (offsets 0-1): offset 2 does not exist.",
            Assert.Throws<GpioException>(() => _lines.OpenInput(GpioLineAddress.OnChip("gpiochip1", 2))).Message);
        Assert.Equal(
            "GPIO chip 'gpiochip1' has no line named 'DOOR_1'.",
            Assert.Throws<GpioException>(() => _lines.OpenInput(GpioLineAddress.OnChip("gpiochip1", "DOOR_1"))).Message);
        Assert.Equal(
            "No GPIO line is named 'DOOR_9': no chip of the simulation has it (gpiochip0 [sim-header], gpiochip1 [sim-expander]).",
            Assert.Throws<GpioException>(() => _lines.OpenInput(GpioLineAddress.Named("DOOR_9"))).Message);
    }

    [Fact]
    public void The_chip_list_shows_who_holds_each_line_and_how()
    {
        using var line = _lines.OpenInput(Door, new GpioInputOptions { Consumer = "door-1", ActiveLow = true, Bias = GpioBias.PullUp });

        var chips = _lines.GetChips();

        Assert.Equal(["gpiochip0", "gpiochip1"], chips.Select(chip => chip.Name));
        Assert.Equal(new GpioLineInfo(4, "DOOR_1", "door-1", true, GpioLineDirection.Input, true, GpioBias.PullUp), chips[0].Lines[4]);
        Assert.Equal(new GpioLineInfo(3, null, null, false, GpioLineDirection.Input, false, GpioBias.AsIs), chips[0].Lines[3]);
    }

    [Fact]
    public async Task A_bounce_is_a_burst_of_edges_spread_over_its_duration()
    {
        using var line = _lines.OpenInput(Door);
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();
        var start = _time.Now;

        var settled = _lines.BounceAsync(Door, high: true, bounces: 5, TimeSpan.FromMilliseconds(5));
        Assert.True(line.ReadValue());
        _time.Advance(TimeSpan.FromMilliseconds(5));
        await settled.WaitAsync(TimeSpan.FromSeconds(5));

        for (var i = 0; i <= 10; i++)
        {
            var expected = new GpioEdge(i % 2 == 0 ? GpioEdgeKind.Rising : GpioEdgeKind.Falling, start + (i * TimeSpan.FromMilliseconds(0.5)));
            Assert.Equal(expected, await edges.NextAsync());
        }

        Assert.True(line.ReadValue());
    }

    [Fact]
    public async Task Edges_nobody_reads_beyond_the_queue_s_capacity_drop_the_oldest()
    {
        using var line = _lines.OpenInput(Door);
        var start = _time.Now;
        for (var i = 0; i < 1030; i++)
        {
            _lines.SetLevel(Door, high: i % 2 == 0);
            _time.Advance(TimeSpan.FromTicks(1));
        }

        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();

        Assert.Equal(6, line.DroppedEdges);
        Assert.Equal(start + TimeSpan.FromTicks(6), (await edges.NextAsync()).Timestamp);
    }

    private GpioLineInfo LineInfo(int offset) => _lines.GetChips()[0].Lines[offset];
}
