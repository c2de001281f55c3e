namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>Owns an OrtSessionOptions*. ORT copies the options into each session, so it may go before its sessions.</summary>
internal sealed class SessionOptionsHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseSessionOptions(handle);
        return true;
    }
}
