namespace EdgeSecurity.Bindings.Gpiod.Tests;

/// <summary>
/// Debounce over the simulated backend, with time driven by the test. An edge that is due is in the line's queue
/// when <see cref="ManualTimeProvider.Advance"/> returns, so a read started then completes at once; one that
/// is not due leaves the read waiting. That makes "not yet" as checkable as "now".
/// </summary>
public sealed class DebounceTests
{
    private static readonly GpioLineAddress Door = GpioLineAddress.OnChip("gpiochip0", 4);
    private static readonly TimeSpan DebounceTime = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Burst = TimeSpan.FromMilliseconds(5);
    private static readonly GpioInputOptions Debounced = new() { Debounce = DebounceTime };

    private readonly ManualTimeProvider _time = new();
    private readonly SimulatedLines _lines;

    public DebounceTests()
    {
        _lines = new SimulatedLines(_time);
        _lines.AddChip("gpiochip0", 8);
    }

    [Fact]
    public async Task Ten_toggles_within_five_milliseconds_then_stable_give_one_edge_stamped_with_the_first()
    {
        using var line = _lines.OpenInput(Door, Debounced);
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();
        var opened = _time.Now;

        _ = _lines.BounceAsync(Door, high: true, bounces: 5, Burst);
        _time.Advance(Burst + DebounceTime);

        Assert.Equal(new GpioEdge(GpioEdgeKind.Rising, opened), await edges.NextAsync());
        var pending = edges.MoveNextAsync().AsTask();
        Assert.False(pending.IsCompleted, "a second edge was reported");

        var closed = _time.Now;
        _lines.SetLevel(Door, high: false);
        _time.Advance(DebounceTime);
        Assert.Equal(new GpioEdge(GpioEdgeKind.Falling, closed), await pending.NextAsync(edges));
    }

    [Fact]
    public async Task A_clean_edge_is_reported_exactly_when_the_debounce_time_has_passed()
    {
        using var line = _lines.OpenInput(Door, Debounced);
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();
        var opened = _time.Now;

        _lines.SetLevel(Door, high: true);
        _time.Advance(DebounceTime - TimeSpan.FromTicks(1));
        var pending = edges.MoveNextAsync().AsTask();
        Assert.False(pending.IsCompleted, "reported before the debounce time");
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(new GpioEdge(GpioEdgeKind.Rising, opened), await pending.NextAsync(edges));
    }

    [Fact]
    public async Task A_bounce_restarts_the_debounce_time_from_its_last_edge()
    {
        using var line = _lines.OpenInput(Door, Debounced);
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();

        _ = _lines.BounceAsync(Door, high: true, bounces: 5, Burst);
        _time.Advance(Burst + DebounceTime - TimeSpan.FromTicks(1));
        var pending = edges.MoveNextAsync().AsTask();
        Assert.False(pending.IsCompleted, "reported before the level had held for the debounce time");
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(GpioEdgeKind.Rising, (await pending.NextAsync(edges)).Kind);
    }

    [Fact]
    public async Task A_glitch_that_returns_to_the_old_level_reports_nothing()
    {
        using var line = _lines.OpenInput(Door, Debounced);
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();

        _ = _lines.BounceAsync(Door, high: false, bounces: 3, Burst);
        _time.Advance(Burst + (DebounceTime * 3));
        var pending = edges.MoveNextAsync().AsTask();
        Assert.False(pending.IsCompleted, "a glitch was reported");

        var opened = _time.Now;
        _lines.SetLevel(Door, high: true);
        _time.Advance(DebounceTime);
        Assert.Equal(new GpioEdge(GpioEdgeKind.Rising, opened), await pending.NextAsync(edges));
    }

    [Fact]
    public async Task Active_low_and_debounce_combine()
    {
        _lines.SetLevel(Door, high: true);
        using var line = _lines.OpenInput(Door, Debounced with { ActiveLow = true, Bias = GpioBias.PullUp });
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();

        _ = _lines.BounceAsync(Door, high: false, bounces: 3, Burst);
        _time.Advance(Burst + DebounceTime);

        Assert.Equal(GpioEdgeKind.Rising, (await edges.NextAsync()).Kind);
        Assert.True(line.ReadValue());
    }

    [Fact]
    public async Task Cancelling_a_read_while_a_level_settles_stops_the_read_and_keeps_the_edge()
    {
        using var line = _lines.OpenInput(Door, Debounced);
        using var cancellation = new CancellationTokenSource();
        var edges = line.ReadEdgesAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var pending = edges.MoveNextAsync().AsTask();
        var opened = _time.Now;
        _lines.SetLevel(Door, high: true);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));
        await edges.DisposeAsync();
        _time.Advance(DebounceTime);
        await using var nextReader = line.ReadEdgesAsync().GetAsyncEnumerator();
        Assert.Equal(new GpioEdge(GpioEdgeKind.Rising, opened), await nextReader.NextAsync());
    }

    [Fact]
    public async Task Disposing_while_a_level_settles_ends_the_edges_without_it()
    {
        var line = _lines.OpenInput(Door, Debounced);
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();
        _lines.SetLevel(Door, high: true);

        line.Dispose();
        _time.Advance(DebounceTime);

        await edges.EndsAsync();
        Assert.False(_lines.GetChips()[0].Lines[4].IsUsed);
    }

    [Fact]
    public async Task On_the_system_clock_an_edge_is_reported_once_the_debounce_time_has_passed()
    {
        // The clock libgpiod's edges use; its timers count whole milliseconds, unlike the manual clock.
        var lines = new SimulatedLines(TimeProvider.System);
        lines.AddChip("gpiochip0", 1);
        var door = GpioLineAddress.OnChip("gpiochip0", 0);
        using var line = lines.OpenInput(door, new GpioInputOptions { Debounce = TimeSpan.FromMilliseconds(5) });
        await using var edges = line.ReadEdgesAsync().GetAsyncEnumerator();

        var before = GpioClock.Now(TimeProvider.System);
        lines.SetLevel(door, high: true);
        var after = GpioClock.Now(TimeProvider.System);
        var edge = await edges.NextAsync();
        var reportedAfter = GpioClock.Now(TimeProvider.System) - edge.Timestamp;

        Assert.InRange(edge.Timestamp, before, after);
        Assert.True(reportedAfter >= TimeSpan.FromMilliseconds(5), $"reported {reportedAfter.TotalMilliseconds} ms after the edge");
    }

    [Fact]
    public void A_negative_debounce_time_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpioInputOptions { Debounce = TimeSpan.FromMilliseconds(-1) });
    }
}
