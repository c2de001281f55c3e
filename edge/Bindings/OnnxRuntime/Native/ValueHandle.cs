using System.Buffers;
using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>
/// Owns an OrtValue*. An input tensor over caller memory keeps that memory pinned until ORT has released the value;
/// an output keeps a reference on the session that produced it, so the session is released only after its last output.
/// </summary>
internal sealed class ValueHandle : OrtHandle
{
    private MemoryHandle _pin;
    private SafeHandle? _owner;

    /// <summary>Called before the value is created: from then on, the pin is undone only by this handle.</summary>
    public void HoldPin(MemoryHandle pin) => _pin = pin;

    public void KeepAlive(SafeHandle owner)
    {
        var added = false;
        owner.DangerousAddRef(ref added);
        _owner = owner;
    }

    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseValue(handle);
        _pin.Dispose();
        _owner?.DangerousRelease();
        return true;
    }
}
