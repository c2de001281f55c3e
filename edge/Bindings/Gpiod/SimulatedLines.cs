using System.Globalization;

namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>
/// GPIO chips that exist only in this process, for tests, demos and an installer's dry run. Code sets the level
/// on the wire (<see cref="SetLevel"/>, <see cref="BounceAsync"/>); the lines opened on it behave as libgpiod's do:
/// active-low inverts the value and the edges, edges carry monotonic timestamps from the time provider (which also
/// times the debounce), a line has one holder at a time, and the same addresses and error messages apply.
/// Bias is recorded (it shows in <see cref="GetChips"/>) but does not change the level: the simulation models the wire.
/// </summary>
public sealed class SimulatedLines : IGpioLines
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<SimulatedChip> _chips = [];

    /// <param name="time">The clock of the edge timestamps and of bounce bursts; a test passes its own to drive time.</param>
    public SimulatedLines(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <param name="name">The chip's name, e.g. "gpiochip0"; it is also found as "/dev/gpiochip0", by its number and by its label.</param>
    /// <param name="lineNames">Names of some lines by offset, as a device tree's gpio-line-names would give them.</param>
    public void AddChip(string name, int lineCount, string label = "edgesecurity-simulated", IReadOnlyDictionary<int, string>? lineNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lineCount);
        lock (_gate)
        {
            if (_chips.Any(chip => chip.Name == name))
            {
                throw new ArgumentException($"The simulation already has a chip named '{name}'.", nameof(name));
            }

            _chips.Add(new SimulatedChip(name, label, lineCount, lineNames));
        }
    }

    /// <summary>Puts the wire at a level now; the line's holder sees an edge if the level changed.</summary>
    /// <param name="high">The electrical level, before active-low.</param>
    /// <exception cref="GpioException">No such chip or line.</exception>
    public void SetLevel(GpioLineAddress address, bool high)
    {
        lock (_gate)
        {
            var line = Find(address);
            line.StopBounce();
            line.SetLevel(high, GpioClock.Now(_time));
        }
    }

    /// <summary>
    /// Moves the wire to <paramref name="high"/> the way a mechanical contact does: it reaches the level, springs
    /// back and lands again <paramref name="bounces"/> times, all within <paramref name="duration"/>. The first
    /// edge happens now and the others at even intervals on the time provider, so a test's manual clock plays the
    /// burst out as it advances. A line already at the level only glitches away and back. Setting the line again
    /// cuts a burst short.
    /// </summary>
    /// <returns>Completes when the line has settled (or the burst was cut short).</returns>
    /// <exception cref="GpioException">No such chip or line.</exception>
    public Task BounceAsync(GpioLineAddress address, bool high, int bounces, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bounces);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        lock (_gate)
        {
            var line = Find(address);
            line.StopBounce();
            line.SetLevel(high, GpioClock.Now(_time));
            if (bounces == 0)
            {
                return Task.CompletedTask;
            }

            return line.StartBounce(new ContactBounce(line, high, bounces * 2, duration / (bounces * 2), _gate, _time));
        }
    }

    public IReadOnlyList<GpioChipInfo> GetChips()
    {
        lock (_gate)
        {
            return [.. _chips.Select(chip => chip.Describe())];
        }
    }

    public IGpioInputLine OpenInput(GpioLineAddress address, GpioInputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        options ??= new GpioInputOptions();
        lock (_gate)
        {
            var line = Find(address);
            if (line.Holder is { } holder)
            {
                throw GpioErrors.Busy(address, holder.Options.Consumer);
            }

            var input = new SimulatedInputLine(line, address, options, _gate, _time);
            line.Holder = input;
            return input;
        }
    }

    /// <summary>Called under the gate.</summary>
    private SimulatedLine Find(GpioLineAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Chip is null)
        {
            return _chips.SelectMany(chip => chip.Lines).FirstOrDefault(line => line.Name == address.LineName)
                ?? throw GpioErrors.Simulation.LineNameNotFound(address.LineName!, ChipNames());
        }

        var chip = _chips.FirstOrDefault(chip => chip.IsCalled(address.Chip))
            ?? throw GpioErrors.Simulation.ChipNotFound(address.Chip, ChipNames());
        if (address.Offset is { } offset)
        {
            return offset < chip.Lines.Count
                ? chip.Lines[offset]
                : throw GpioErrors.OffsetNotOnChip(address.Chip, chip.Label, chip.Lines.Count, offset);
        }

        return chip.Lines.FirstOrDefault(line => line.Name == address.LineName)
            ?? throw GpioErrors.LineNameNotOnChip(address.Chip, address.LineName!);
    }

    private string[] ChipNames() => [.. _chips.Select(chip => $"{chip.Name} [{chip.Label}]")];

    private sealed class SimulatedChip
    {
        public SimulatedChip(string name, string label, int lineCount, IReadOnlyDictionary<int, string>? lineNames)
        {
            Name = name;
            Label = label;
            Lines = [.. Enumerable.Range(0, lineCount).Select(offset => new SimulatedLine(offset, lineNames?.GetValueOrDefault(offset)))];
        }

        public string Name { get; }

        public string Label { get; }

        public IReadOnlyList<SimulatedLine> Lines { get; }

        /// <summary>The descriptions gpiod_chip_open_lookup accepts: name, path, number, label.</summary>
        public bool IsCalled(string description) =>
            description == Name
            || description == "/dev/" + Name
            || description == Label
            || (uint.TryParse(description, NumberStyles.None, CultureInfo.InvariantCulture, out _) && "gpiochip" + description == Name);

        public GpioChipInfo Describe() => new(Name, Label, [.. Lines.Select(line => line.Describe())]);
    }
}
