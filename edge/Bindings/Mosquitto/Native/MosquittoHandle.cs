using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.Mosquitto.Native;

/// <summary>Owns a struct mosquitto*; releasing it calls mosquitto_destroy.</summary>
internal sealed class MosquittoHandle : SafeHandle
{
    public MosquittoHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.mosquitto_destroy(handle);
        return true;
    }
}
