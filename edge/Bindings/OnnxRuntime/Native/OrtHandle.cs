using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>
/// Owns one ORT object. The handle is made before the native call that fills it, so an object ORT created is owned
/// at once and released exactly once (by Dispose or, if forgotten, by the finalizer).
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    public void Own(nint value) => SetHandle(value);
}
