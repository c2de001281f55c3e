using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.TurboJpeg.Native;

internal static unsafe class TurboJpegErrors
{
    /// <summary>The handle's last error as an exception: TurboJPEG's text, and whether it was only a warning.</summary>
    public static JpegException Last(TurboJpegHandle handle, string operation)
    {
        var text = Marshal.PtrToStringUTF8((nint)NativeMethods.tjGetErrorStr2(handle)) ?? "unknown error";
        var warning = NativeMethods.tjGetErrorCode(handle) == NativeMethods.ErrorWarning;
        return new JpegException($"TurboJPEG could not {operation}: {text}", warning);
    }

    /// <summary>A handle that could not be created: only the global error text says why.</summary>
    public static TurboJpegHandle Checked(TurboJpegHandle handle, string kind)
    {
        if (!handle.IsInvalid)
            return handle;
        var text = Marshal.PtrToStringUTF8((nint)NativeMethods.tjGetErrorStr2(nint.Zero)) ?? "unknown error";
        handle.Dispose();
        throw new JpegException($"TurboJPEG could not create a {kind}: {text}");
    }
}
