using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>Owns a UTF-8 string ORT allocated with its default allocator (input and output names); freed with that allocator.</summary>
internal sealed class AllocatedStringHandle : OrtHandle
{
    public string Read() => Marshal.PtrToStringUTF8(handle) ?? string.Empty;

    protected override unsafe bool ReleaseHandle()
    {
        var api = OrtLibrary.Api;
        var status = api.AllocatorFree(OrtLibrary.DefaultAllocator, (void*)handle);
        // Nothing can be done about a failed free during release; the status itself must still be released.
        if (status != 0)
            api.ReleaseStatus(status);
        return status == 0;
    }
}
