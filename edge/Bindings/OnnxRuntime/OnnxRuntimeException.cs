namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>An ONNX Runtime call failed; carries ORT's own error code and message.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException()
    {
    }

    public OnnxRuntimeException(string message)
        : base(message)
    {
    }

    public OnnxRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OnnxRuntimeException(OrtErrorCode errorCode, string operation, string runtimeMessage)
        : base($"ONNX Runtime failed {operation} ({errorCode}): {runtimeMessage}")
    {
        ErrorCode = errorCode;
        RuntimeMessage = runtimeMessage;
    }

    public OrtErrorCode ErrorCode { get; } = OrtErrorCode.Fail;

    /// <summary>The message exactly as ORT wrote it.</summary>
    public string RuntimeMessage { get; } = string.Empty;
}
