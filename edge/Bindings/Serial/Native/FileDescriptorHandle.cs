using Microsoft.Win32.SafeHandles;

namespace EdgeSecurity.Bindings.Serial.Native;

/// <summary>Owns a Linux file descriptor; releasing it calls close().</summary>
internal sealed class FileDescriptorHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public FileDescriptorHandle(int fd)
        : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    /// <summary>Keeps the descriptor open (and its number unused by anything else) until the lease is disposed.</summary>
    public Lease Acquire()
    {
        var added = false;
        DangerousAddRef(ref added);
        return new Lease(this);
    }

    protected override bool ReleaseHandle() => Libc.close(Fd) == 0;

    public readonly struct Lease(FileDescriptorHandle owner) : IDisposable
    {
        public int Fd => owner.Fd;

        public void Dispose() => owner.DangerousRelease();
    }
}
