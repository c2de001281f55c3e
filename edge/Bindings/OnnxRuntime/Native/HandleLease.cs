using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>
/// The raw pointer of a SafeHandle for the length of one native call: the handle cannot be released underneath the
/// call by a concurrent Dispose, and a handle already disposed throws ObjectDisposedException instead of crashing.
/// </summary>
internal ref struct HandleLease
{
    private readonly SafeHandle _handle;
    private bool _added;

    public HandleLease(SafeHandle handle, object owner)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, owner);
        _handle = handle;
        try
        {
            handle.DangerousAddRef(ref _added);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the AddRef by another thread.
            throw new ObjectDisposedException(owner.GetType().FullName);
        }
        Pointer = handle.DangerousGetHandle();
    }

    public nint Pointer { get; }

    public void Dispose()
    {
        if (_added)
        {
            _handle.DangerousRelease();
            _added = false;
        }
    }
}
