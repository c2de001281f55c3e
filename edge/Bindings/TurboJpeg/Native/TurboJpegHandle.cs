using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.TurboJpeg.Native;

/// <summary>Owns a tjhandle (compressor or decompressor); releasing it calls tjDestroy.</summary>
internal sealed class TurboJpegHandle : SafeHandle
{
    public TurboJpegHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => NativeMethods.tjDestroy(handle) == 0;
}
