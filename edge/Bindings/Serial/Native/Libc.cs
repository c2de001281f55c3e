using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.Serial.Native;

/// <summary>The glibc calls of this binding, with the Linux constants they need (checked against the C headers here).</summary>
internal static unsafe partial class Libc
{
    public const int ReadWrite = 0x2; // O_RDWR
    public const int NoControllingTerminal = 0x100; // O_NOCTTY
    public const int NonBlocking = 0x800; // O_NONBLOCK
    public const int CloseOnExec = 0x80000; // O_CLOEXEC, also EFD_CLOEXEC

    public const int SetNow = 0; // TCSANOW
    public const int FlushInput = 0; // TCIFLUSH

    public const nuint BytesWaiting = 0x541B; // FIONREAD / TIOCINQ

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollError = 0x8;
    public const short PollHangUp = 0x10;
    public const short PollInvalid = 0x20;

    public const int NoSuchFile = 2; // ENOENT
    public const int Interrupted = 4; // EINTR
    public const int InputOutputError = 5; // EIO
    public const int NoSuchDevice = 6; // ENXIO
    public const int TryAgain = 11; // EAGAIN
    public const int AccessDenied = 13; // EACCES
    public const int Busy = 16; // EBUSY
    public const int NotATerminal = 25; // ENOTTY

    private const string Library = "libc.so.6";

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>strerror text with the number, e.g. "Input/output error (errno 5)".</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int tcgetattr(int fd, out Termios termios);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, in Termios termios);

    [LibraryImport(Library)]
    public static partial void cfmakeraw(ref Termios termios);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int cfsetispeed(ref Termios termios, uint speed);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int cfsetospeed(ref Termios termios, uint speed);

    [LibraryImport(Library)]
    public static partial uint cfgetospeed(in Termios termios);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, out int value);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int tcflush(int fd, int queueSelector);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int tcdrain(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int ppoll(PollFd* fds, nuint count, TimeSpec* timeout, nint signalMask);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int eventfd(uint initialValue, int flags);
}
