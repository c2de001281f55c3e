namespace EdgeSecurity.Bindings.Gpiod.Tests;

/// <summary>
/// The real library, as far as a machine without GPIO chips allows (see shared/platform-notes.md): it loads,
/// it lists nothing, and every way of naming a line that is not there gives an error that says why.
/// On a gateway, hardware/DoorContact/README.md describes the test with a real line.
/// </summary>
public sealed class LibgpiodLinesTests
{
    private static readonly string[] ChipDevices = [.. Directory.EnumerateFiles("/dev", "gpiochip*").Order(StringComparer.Ordinal)];

    [Fact]
    public void The_library_loads_and_is_the_v1_api()
    {
        Assert.StartsWith("1.", GpiodLibrary.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_library_is_explained_in_one_sentence()
    {
        var error = Assert.Throws<DllNotFoundException>(() => GpiodLibrary.Load("libgpiod-edgesecurity-absent.so.2"));

        Assert.Equal("libgpiod.so.2 was not found: install the Debian package libgpiod2 (apt-get install libgpiod2).", error.Message);
    }

    [Fact]
    public void The_chips_listed_are_the_chip_devices_of_this_machine()
    {
        var chips = new LibgpiodLines().GetChips();

        Assert.Equal(ChipDevices.Select(Path.GetFileName), chips.Select(chip => chip.Name));
    }

    [Fact]
    public void Opening_a_line_on_a_missing_chip_names_the_chip_and_what_exists()
    {
        // gpiochip0, as a gateway's configuration names it here; on a machine that has it, the first number that is missing.
        var missingChip = Enumerable.Range(0, 1024).Select(number => $"gpiochip{number}").First(name => !File.Exists("/dev/" + name));

        var error = Assert.Throws<GpioException>(() => new LibgpiodLines().OpenInput(GpioLineAddress.OnChip(missingChip, 17)));

        var whatExists = ChipDevices.Length == 0
            ? "/dev/gpiochip* does not exist on this machine"
            : "this machine has " + string.Join(", ", ChipDevices);
        Assert.Equal($"GPIO chip '{missingChip}' was not found: {whatExists}.", error.Message);
    }

    [Fact]
    public void Opening_a_chip_by_an_unknown_label_says_it_was_not_found()
    {
        var error = Assert.Throws<GpioException>(() => new LibgpiodLines().OpenInput(GpioLineAddress.OnChip("edgesecurity-no-such-chip", 0)));

        Assert.StartsWith("GPIO chip 'edgesecurity-no-such-chip' was not found: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_that_is_not_a_gpio_chip_is_refused_as_such()
    {
        var error = Assert.Throws<GpioException>(() => new LibgpiodLines().OpenInput(GpioLineAddress.OnChip("/dev/null", 0)));

        Assert.Equal("'/dev/null' is not a GPIO chip.", error.Message);
    }

    [Fact]
    public void A_line_name_no_chip_has_is_reported_with_the_name()
    {
        var error = Assert.Throws<GpioException>(() => new LibgpiodLines().OpenInput(GpioLineAddress.Named("EDGESECURITY_NO_SUCH_LINE")));

        Assert.StartsWith("No GPIO line is named 'EDGESECURITY_NO_SUCH_LINE': ", error.Message, StringComparison.Ordinal);
        if (ChipDevices.Length == 0)
        {
            Assert.EndsWith("/dev/gpiochip* does not exist on this machine.", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Kernels_before_5_7_stamp_wall_clock_time_which_is_moved_onto_the_monotonic_clock()
    {
        var time = new ManualTimeProvider();
        var wallClockStamp = time.GetUtcNow() - DateTimeOffset.UnixEpoch - TimeSpan.FromMilliseconds(3);

        var converted = KernelClock.ForKernel(new Version(5, 4, 0), time).ToMonotonic(wallClockStamp);

        Assert.Equal(time.Now - TimeSpan.FromMilliseconds(3), converted);
    }

    [Fact]
    public void Kernels_from_5_7_stamp_monotonic_time_which_is_kept()
    {
        var stamp = TimeSpan.FromSeconds(1234.5);

        Assert.Equal(stamp, KernelClock.ForKernel(new Version(6, 1, 0), TimeProvider.System).ToMonotonic(stamp));
    }
}
