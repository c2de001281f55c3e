namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>Owns an OrtEnv*.</summary>
internal sealed class EnvironmentHandle : OrtHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseEnv(handle);
        return true;
    }
}
