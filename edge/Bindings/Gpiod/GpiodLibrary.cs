using System.Runtime.InteropServices;
using EdgeSecurity.Bindings.Gpiod.Native;

namespace EdgeSecurity.Bindings.Gpiod;

public static class GpiodLibrary
{
    private static readonly Lock Gate = new();
    private static bool s_loaded;

    /// <summary>Loads libgpiod.so.2, once per process.</summary>
    /// <exception cref="DllNotFoundException">The Debian package libgpiod2 is not installed.</exception>
    public static void EnsureAvailable()
    {
        lock (Gate)
        {
            if (!s_loaded)
            {
                Load(NativeMethods.Library);
                s_loaded = true;
            }
        }
    }

    /// <summary>libgpiod's own version, e.g. "1.6.3".</summary>
    public static unsafe string Version
    {
        get
        {
            EnsureAvailable();
            return Marshal.PtrToStringUTF8((nint)NativeMethods.gpiod_version_string()) ?? string.Empty;
        }
    }

    /// <summary>Separate from <see cref="EnsureAvailable"/> so a test can show the message for a library that is not there.</summary>
    internal static void Load(string library)
    {
        if (!NativeLibrary.TryLoad(library, out _))
        {
            throw new DllNotFoundException(
                "libgpiod.so.2 was not found: install the Debian package libgpiod2 (apt-get install libgpiod2).");
        }
    }
}
