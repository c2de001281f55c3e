using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>
/// Owns an OrtSession*. It holds a reference on its environment's handle, so the environment outlives it whatever
/// order they are disposed in; results hold references on it in turn (<see cref="ValueHandle"/>).
/// </summary>
internal sealed class SessionHandle : OrtHandle
{
    private SafeHandle? _environment;

    public void KeepAlive(SafeHandle environment)
    {
        var added = false;
        environment.DangerousAddRef(ref added);
        _environment = environment;
    }

    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseSession(handle);
        _environment?.DangerousRelease();
        return true;
    }
}
