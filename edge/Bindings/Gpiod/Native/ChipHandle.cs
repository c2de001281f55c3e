using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.Gpiod.Native;

/// <summary>
/// Owns a struct gpiod_chip*; releasing it calls gpiod_chip_close, which also frees the chip's
/// struct gpiod_line objects. Hold a reference (DangerousAddRef) while using a line pointer.
/// </summary>
internal sealed class ChipHandle : SafeHandle
{
    public ChipHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.gpiod_chip_close(handle);
        return true;
    }
}
