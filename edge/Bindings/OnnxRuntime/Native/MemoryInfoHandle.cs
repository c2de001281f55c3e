namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>Owns an OrtMemoryInfo*.</summary>
internal sealed class MemoryInfoHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseMemoryInfo(handle);
        return true;
    }
}
