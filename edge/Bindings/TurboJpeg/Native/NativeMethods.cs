using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.TurboJpeg.Native;

/// <summary>The subset of the TurboJPEG 2.x C API (turbojpeg.h, libjpeg-turbo 2.1) this binding uses.</summary>
internal static unsafe partial class NativeMethods
{
    public const string Library = "libturbojpeg.so.0";

    /// <summary>
    /// The JPEG buffer is never (re)allocated by the library: it must hold tjBufSize bytes, and it may then be managed
    /// memory pinned for the call.
    /// </summary>
    public const int FlagNoRealloc = 1024;

    public const int ErrorWarning = 0;

    [LibraryImport(Library)]
    public static partial TurboJpegHandle tjInitCompress();

    [LibraryImport(Library)]
    public static partial TurboJpegHandle tjInitDecompress();

    [LibraryImport(Library)]
    public static partial int tjDestroy(nint handle);

    [LibraryImport(Library)]
    public static partial int tjCompress2(TurboJpegHandle handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat,
        byte** jpegBuf, nuint* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    [LibraryImport(Library)]
    public static partial int tjCompressFromYUVPlanes(TurboJpegHandle handle, byte** srcPlanes, int width, int* strides, int height, int subsamp,
        byte** jpegBuf, nuint* jpegSize, int jpegQual, int flags);

    /// <summary>Worst-case JPEG size; (unsigned long)-1 for arguments out of bounds.</summary>
    [LibraryImport(Library)]
    public static partial nuint tjBufSize(int width, int height, int jpegSubsamp);

    [LibraryImport(Library)]
    public static partial int tjDecompressHeader3(TurboJpegHandle handle, byte* jpegBuf, nuint jpegSize, int* width, int* height, int* jpegSubsamp, int* jpegColorspace);

    [LibraryImport(Library)]
    public static partial int tjDecompress2(TurboJpegHandle handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    /// <summary>The handle's last error; the text belongs to the handle and is overwritten by its next failure.</summary>
    [LibraryImport(Library)]
    public static partial byte* tjGetErrorStr2(TurboJpegHandle handle);

    /// <summary>The global error text (a thread-local buffer in libjpeg-turbo 2.1), for failures without a handle.</summary>
    [LibraryImport(Library)]
    public static partial byte* tjGetErrorStr2(nint handle);

    [LibraryImport(Library)]
    public static partial int tjGetErrorCode(TurboJpegHandle handle);
}
