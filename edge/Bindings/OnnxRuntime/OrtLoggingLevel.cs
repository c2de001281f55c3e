namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>The least severe message ORT writes to standard error (OrtLoggingLevel).</summary>
public enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
