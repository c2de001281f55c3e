namespace EdgeSecurity.Bindings.Gpiod.Tests;

/// <summary>The debounce decisions on their own, where "not yet" can be checked exactly.</summary>
public sealed class DebouncerTests
{
    private static readonly TimeSpan DebounceTime = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    [Fact]
    public void A_level_is_not_reported_before_it_has_held_for_the_debounce_time()
    {
        var debouncer = new Debouncer(DebounceTime, stableValue: false);

        Assert.Null(debouncer.Add(Rising(T0)));

        Assert.Equal(T0 + DebounceTime, debouncer.SettlesAt);
        Assert.Null(debouncer.Settle(T0 + DebounceTime - TimeSpan.FromTicks(1)));
        Assert.Equal(Rising(T0), debouncer.Settle(T0 + DebounceTime));
        Assert.Null(debouncer.SettlesAt);
    }

    [Fact]
    public void Ten_toggles_within_five_milliseconds_then_stable_give_one_edge()
    {
        var debouncer = new Debouncer(DebounceTime, stableValue: false);
        List<GpioEdge> reported = [];

        for (var i = 0; i <= 10; i++)
        {
            var at = T0 + (i * TimeSpan.FromMilliseconds(0.5));
            reported.AddRange(Reported(debouncer.Add(i % 2 == 0 ? Rising(at) : Falling(at))));
        }

        reported.AddRange(Reported(debouncer.Settle(T0 + TimeSpan.FromMilliseconds(5) + DebounceTime)));
        Assert.Equal([Rising(T0)], reported);
    }

    [Fact]
    public void An_edge_after_the_debounce_time_settles_the_level_before_it()
    {
        var debouncer = new Debouncer(DebounceTime, stableValue: false);
        debouncer.Add(Rising(T0));

        Assert.Equal(Rising(T0), debouncer.Add(Falling(T0 + DebounceTime)));
        Assert.Equal(Falling(T0 + DebounceTime), debouncer.Settle(T0 + (2 * DebounceTime)));
    }

    [Fact]
    public void Repeated_edges_of_one_kind_are_taken_as_levels()
    {
        // The v1 kernel reads the level after the interrupt, so bounce can yield two rising edges in a row.
        var debouncer = new Debouncer(DebounceTime, stableValue: false);
        debouncer.Add(Rising(T0));
        debouncer.Add(Rising(T0 + TimeSpan.FromMilliseconds(1)));

        Assert.Equal(Rising(T0), debouncer.Settle(T0 + TimeSpan.FromMilliseconds(1) + DebounceTime));
    }

    private static GpioEdge Rising(TimeSpan at) => new(GpioEdgeKind.Rising, at);

    private static GpioEdge Falling(TimeSpan at) => new(GpioEdgeKind.Falling, at);

    private static IEnumerable<GpioEdge> Reported(GpioEdge? edge) => edge is { } reported ? [reported] : [];
}
