using System.Runtime.InteropServices;
using EdgeSecurity.Bindings.TurboJpeg.Native;

namespace EdgeSecurity.Bindings.TurboJpeg;

public static class TurboJpegLibrary
{
    private static readonly Lock Gate = new();
    private static bool s_loaded;

    /// <summary>Loads libturbojpeg.so.0, once per process; every compressor and decompressor calls it first.</summary>
    /// <exception cref="DllNotFoundException">The Debian package libturbojpeg0 is not installed.</exception>
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

    /// <summary>Worst-case size of a JPEG of this size and subsampling: what a caller's destination buffer must hold.</summary>
    public static int MaxCompressedSize(int width, int height, JpegSubsampling subsampling)
    {
        EnsureAvailable();
        var size = NativeMethods.tjBufSize(width, height, (int)subsampling);
        if (size == nuint.MaxValue || size > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}×{height} image is out of TurboJPEG's bounds.");
        return (int)size;
    }

    /// <summary>Separate from <see cref="EnsureAvailable"/> so a test can show the message for a library that is not there.</summary>
    internal static void Load(string library)
    {
        if (!NativeLibrary.TryLoad(library, typeof(TurboJpegLibrary).Assembly, null, out _))
        {
            throw new DllNotFoundException(
                "libturbojpeg.so.0 was not found: install the Debian package libturbojpeg0 (apt-get install libturbojpeg0).");
        }
    }
}
