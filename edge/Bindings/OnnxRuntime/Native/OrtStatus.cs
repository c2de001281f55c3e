using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>Turns a returned OrtStatus* into an exception; the status is released on every path.</summary>
internal static unsafe class OrtStatus
{
    /// <param name="operation">What was being done, for the message: "loading model.onnx", "running the model".</param>
    public static void ThrowIfFailed(nint status, string operation) => ThrowIfFailed(status, OrtLibrary.Api, operation);

    public static void ThrowIfFailed(nint status, OrtApi api, string operation)
    {
        if (status == 0)
            return;
        throw ToException(status, api, operation);
    }

    public static OnnxRuntimeException ToException(nint status, OrtApi api, string operation)
    {
        try
        {
            var code = (OrtErrorCode)api.GetErrorCode(status);
            var message = Marshal.PtrToStringUTF8((nint)api.GetErrorMessage(status)) ?? string.Empty;
            return new OnnxRuntimeException(code, operation, message);
        }
        finally
        {
            api.ReleaseStatus(status);
        }
    }
}
