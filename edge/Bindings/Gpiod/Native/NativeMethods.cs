using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.Gpiod.Native;

/// <summary>The subset of libgpiod 1.6 (gpiod.h, v1 API) this binding uses.</summary>
internal static unsafe partial class NativeMethods
{
    public const string Library = "libgpiod.so.2";

    public const int RequestFlagActiveLow = 1 << 2;
    public const int RequestFlagBiasDisable = 1 << 3;
    public const int RequestFlagBiasPullDown = 1 << 4;
    public const int RequestFlagBiasPullUp = 1 << 5;

    public const int LineDirectionOutput = 2;
    public const int LineActiveStateLow = 2;

    public const int LineBiasDisable = 2;
    public const int LineBiasPullUp = 3;
    public const int LineBiasPullDown = 4;

    public const int LineEventRisingEdge = 1;

    /// <summary>
    /// struct timespec. Both fields are C longs in glibc on 64-bit targets and on Debian 12's 32-bit armhf
    /// (32-bit time_t), so nint matches both; a 64-bit-time_t armhf build of libgpiod would not match.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    /// <summary>struct gpiod_line_event.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LineEvent
    {
        public Timespec Timestamp;
        public int EventType;
    }

    [LibraryImport(Library)]
    public static partial byte* gpiod_version_string();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial ChipHandle gpiod_chip_open_lookup(string description);

    [LibraryImport(Library)]
    public static partial void gpiod_chip_close(nint chip);

    [LibraryImport(Library)]
    public static partial byte* gpiod_chip_name(ChipHandle chip);

    [LibraryImport(Library)]
    public static partial byte* gpiod_chip_label(ChipHandle chip);

    [LibraryImport(Library)]
    public static partial uint gpiod_chip_num_lines(ChipHandle chip);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint gpiod_chip_get_line(ChipHandle chip, uint offset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint gpiod_chip_find_line(ChipHandle chip, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int gpiod_ctxless_find_line(string name, byte* chipName, nuint chipNameSize, out uint offset);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint gpiod_chip_iter_new();

    [LibraryImport(Library)]
    public static partial ChipHandle gpiod_chip_iter_next_noclose(nint iterator);

    [LibraryImport(Library)]
    public static partial void gpiod_chip_iter_free_noclose(nint iterator);

    [LibraryImport(Library)]
    public static partial byte* gpiod_line_name(nint line);

    [LibraryImport(Library)]
    public static partial byte* gpiod_line_consumer(nint line);

    [LibraryImport(Library)]
    public static partial int gpiod_line_direction(nint line);

    [LibraryImport(Library)]
    public static partial int gpiod_line_active_state(nint line);

    [LibraryImport(Library)]
    public static partial int gpiod_line_bias(nint line);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool gpiod_line_is_used(nint line);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int gpiod_line_update(nint line);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int gpiod_line_request_both_edges_events_flags(nint line, string consumer, int flags);

    [LibraryImport(Library)]
    public static partial void gpiod_line_release(nint line);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int gpiod_line_get_value(nint line);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int gpiod_line_event_wait(nint line, Timespec* timeout);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int gpiod_line_event_read_multiple(nint line, LineEvent* events, uint count);
}
