using System.Runtime.InteropServices;
using EdgeSecurity.Bindings.Gpiod.Native;

namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>The gateway's real GPIO chips, through libgpiod 1.6 (Debian's libgpiod2).</summary>
public sealed class LibgpiodLines : IGpioLines
{
    private const int Enoent = 2;
    private const int Eacces = 13;
    private const int Ebusy = 16;
    private const int Enodev = 19;
    private const int Einval = 22;
    private const int Enotty = 25;

    /// <summary>Longer than any chip name the kernel gives ("gpiochipN").</summary>
    private const int ChipNameBufferSize = 64;

    /// <exception cref="DllNotFoundException">The Debian package libgpiod2 is not installed.</exception>
    public LibgpiodLines()
    {
        GpiodLibrary.EnsureAvailable();
    }

    public IReadOnlyList<GpioChipInfo> GetChips()
    {
        var iterator = NativeMethods.gpiod_chip_iter_new();
        if (iterator == nint.Zero)
        {
            throw GpioErrors.Failed("open the GPIO chips to list them", Marshal.GetLastPInvokeError());
        }

        try
        {
            List<GpioChipInfo> chips = [];
            while (true)
            {
                using var chip = NativeMethods.gpiod_chip_iter_next_noclose(iterator);
                if (chip.IsInvalid)
                {
                    return chips;
                }

                chips.Add(Describe(chip));
            }
        }
        finally
        {
            // The noclose variants leave each chip to its ChipHandle.
            NativeMethods.gpiod_chip_iter_free_noclose(iterator);
        }
    }

    public IGpioInputLine OpenInput(GpioLineAddress address, GpioInputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        options ??= new GpioInputOptions();

        var (chipDescription, offset) = address.Chip is null ? FindByName(address.LineName!) : (address.Chip, address.Offset);
        var chip = OpenChip(chipDescription);
        try
        {
            var line = offset is { } lineOffset ? LineAt(chip, chipDescription, lineOffset) : LineNamed(chip, chipDescription, address.LineName!);
            Request(line, address, options);
            return new LibgpiodInputLine(chip, line, address, options.Debounce, KernelClock.ForKernel(Environment.OSVersion.Version, TimeProvider.System));
        }
        catch
        {
            chip.Dispose();
            throw;
        }
    }

    private static unsafe (string Chip, int? Offset) FindByName(string lineName)
    {
        var chipName = stackalloc byte[ChipNameBufferSize];
        var found = NativeMethods.gpiod_ctxless_find_line(lineName, chipName, ChipNameBufferSize, out var offset);
        if (found < 0)
        {
            throw GpioErrors.Failed($"look for GPIO line '{lineName}'", Marshal.GetLastPInvokeError());
        }

        if (found == 0)
        {
            throw GpioErrors.Machine.LineNameNotFound(lineName, ChipDevices());
        }

        return (Marshal.PtrToStringUTF8((nint)chipName)!, (int)offset);
    }

    private static ChipHandle OpenChip(string description)
    {
        var chip = NativeMethods.gpiod_chip_open_lookup(description);
        if (!chip.IsInvalid)
        {
            return chip;
        }

        var errno = Marshal.GetLastPInvokeError();
        chip.Dispose();
        throw errno switch
        {
            Enoent => GpioErrors.Machine.ChipNotFound(description, ChipDevices()),
            Enotty => new GpioException($"'{description}' is not a GPIO chip."),
            Eacces => GpioErrors.Failed(
                $"open GPIO chip '{description}'",
                errno,
                "The agent's user needs read and write access to /dev/gpiochip* (a udev rule giving its group access: see hardware/DoorContact/README.md)."),
            _ => GpioErrors.Failed($"open GPIO chip '{description}'", errno),
        };
    }

    private static nint LineAt(ChipHandle chip, string chipDescription, int offset)
    {
        var lineCount = (int)NativeMethods.gpiod_chip_num_lines(chip);
        if (offset >= lineCount)
        {
            throw GpioErrors.OffsetNotOnChip(chipDescription, Label(chip), lineCount, offset);
        }

        var line = NativeMethods.gpiod_chip_get_line(chip, (uint)offset);
        return line != nint.Zero ? line : throw GpioErrors.Failed($"get line {offset} of GPIO chip '{chipDescription}'", Marshal.GetLastPInvokeError());
    }

    private static nint LineNamed(ChipHandle chip, string chipDescription, string lineName)
    {
        var line = NativeMethods.gpiod_chip_find_line(chip, lineName);
        if (line != nint.Zero)
        {
            return line;
        }

        var errno = Marshal.GetLastPInvokeError();
        throw errno == Enoent
            ? GpioErrors.LineNameNotOnChip(chipDescription, lineName)
            : GpioErrors.Failed($"look for line '{lineName}' on GPIO chip '{chipDescription}'", errno);
    }

    /// <summary>Called while the chip is open, which keeps the line pointer valid.</summary>
    private static unsafe void Request(nint line, GpioLineAddress address, GpioInputOptions options)
    {
        var flags = (options.ActiveLow ? NativeMethods.RequestFlagActiveLow : 0) | options.Bias switch
        {
            GpioBias.Disabled => NativeMethods.RequestFlagBiasDisable,
            GpioBias.PullUp => NativeMethods.RequestFlagBiasPullUp,
            GpioBias.PullDown => NativeMethods.RequestFlagBiasPullDown,
            _ => 0,
        };
        if (NativeMethods.gpiod_line_request_both_edges_events_flags(line, options.Consumer, flags) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        var action = $"request GPIO line {address} as an input with edge events";
        switch (errno)
        {
            case Ebusy:
                // The consumer is read at request time; refresh it to name whoever holds the line now.
                NativeMethods.gpiod_line_update(line);
                throw GpioErrors.Busy(address, Marshal.PtrToStringUTF8((nint)NativeMethods.gpiod_line_consumer(line)));
            case Enodev:
                throw GpioErrors.Failed(action, errno, "The chip gives this line no interrupt, so it cannot report edges.");
            case Einval when options.Bias != GpioBias.AsIs:
                throw GpioErrors.Failed(action, errno, "Setting a bias from user space needs Linux 5.5 or later; use GpioBias.AsIs and an external resistor.");
            default:
                throw GpioErrors.Failed(action, errno);
        }
    }

    private static GpioChipInfo Describe(ChipHandle chip)
    {
        var lineCount = (int)NativeMethods.gpiod_chip_num_lines(chip);
        var lines = new GpioLineInfo[lineCount];
        for (var offset = 0; offset < lineCount; offset++)
        {
            var line = NativeMethods.gpiod_chip_get_line(chip, (uint)offset);
            if (line == nint.Zero)
            {
                throw GpioErrors.Failed($"read line {offset} of GPIO chip '{Name(chip)}'", Marshal.GetLastPInvokeError());
            }

            lines[offset] = DescribeLine(line, offset);
        }

        return new GpioChipInfo(Name(chip), Label(chip), lines);
    }

    private static unsafe GpioLineInfo DescribeLine(nint line, int offset) => new(
        offset,
        Marshal.PtrToStringUTF8((nint)NativeMethods.gpiod_line_name(line)),
        Marshal.PtrToStringUTF8((nint)NativeMethods.gpiod_line_consumer(line)),
        NativeMethods.gpiod_line_is_used(line),
        NativeMethods.gpiod_line_direction(line) == NativeMethods.LineDirectionOutput ? GpioLineDirection.Output : GpioLineDirection.Input,
        NativeMethods.gpiod_line_active_state(line) == NativeMethods.LineActiveStateLow,
        NativeMethods.gpiod_line_bias(line) switch
        {
            NativeMethods.LineBiasDisable => GpioBias.Disabled,
            NativeMethods.LineBiasPullUp => GpioBias.PullUp,
            NativeMethods.LineBiasPullDown => GpioBias.PullDown,
            _ => GpioBias.AsIs,
        });

    private static unsafe string Name(ChipHandle chip) => Marshal.PtrToStringUTF8((nint)NativeMethods.gpiod_chip_name(chip)) ?? string.Empty;

    private static unsafe string Label(ChipHandle chip) => Marshal.PtrToStringUTF8((nint)NativeMethods.gpiod_chip_label(chip)) ?? string.Empty;

    /// <summary>What an installer would look for with ls: the device files, whether or not this process may open them.</summary>
    private static string[] ChipDevices() =>
        Directory.Exists("/dev") ? [.. Directory.EnumerateFiles("/dev", "gpiochip*").Order(StringComparer.Ordinal)] : [];
}
