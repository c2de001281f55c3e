namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>One simulated wire and whoever holds it. Every member is used under the simulation's gate.</summary>
internal sealed class SimulatedLine(int offset, string? name)
{
    private ContactBounce? _bounce;

    public int Offset { get; } = offset;

    public string? Name { get; } = name;

    /// <summary>The electrical level; a wire starts low.</summary>
    public bool High { get; private set; }

    public SimulatedInputLine? Holder { get; set; }

    public void SetLevel(bool high, TimeSpan at)
    {
        if (High == high)
        {
            return;
        }

        High = high;
        Holder?.OnLevelChanged(high, at);
    }

    public Task StartBounce(ContactBounce bounce)
    {
        _bounce = bounce;
        return bounce.Start();
    }

    public void StopBounce()
    {
        _bounce?.Stop();
        _bounce = null;
    }

    public GpioLineInfo Describe() => new(
        Offset,
        Name,
        Holder?.Options.Consumer,
        Holder is not null,
        GpioLineDirection.Input,
        Holder?.Options.ActiveLow ?? false,
        Holder?.Options.Bias ?? GpioBias.AsIs);
}
