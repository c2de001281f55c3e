using EdgeSecurity.Bindings.OnnxRuntime.Native;

namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>
/// ORT's process-wide environment (OrtEnv): its logger and the place sessions are created in. ORT keeps a single
/// environment per process, so this type has one instance, made on first use and kept for the life of the process:
/// releasing it while any session could still run is never safe, and the process exit releases it anyway.
/// </summary>
public sealed class OrtEnvironment
{
    private static readonly Lock Gate = new();
    private static OrtEnvironment? s_instance;

    private OrtEnvironment(EnvironmentHandle handle, OrtLoggingLevel loggingLevel)
    {
        Handle = handle;
        LoggingLevel = loggingLevel;
    }

    /// <summary>The environment, created with <see cref="OrtLoggingLevel.Warning"/> unless <see cref="Initialize"/> came first.</summary>
    /// <exception cref="DllNotFoundException">libonnxruntime.so.1 is missing; the message says what to do.</exception>
    public static OrtEnvironment Instance
    {
        get
        {
            lock (Gate)
                return s_instance ??= Create(OrtLoggingLevel.Warning);
        }
    }

    /// <summary>The version of the loaded runtime, e.g. "1.30.0".</summary>
    public static string RuntimeVersion => OrtLibrary.Version;

    public OrtLoggingLevel LoggingLevel { get; }

    internal EnvironmentHandle Handle { get; }

    /// <summary>Creates the environment with the given log level; call it before any session is made.</summary>
    /// <exception cref="InvalidOperationException">The environment already exists with another level.</exception>
    public static OrtEnvironment Initialize(OrtLoggingLevel loggingLevel)
    {
        lock (Gate)
        {
            s_instance ??= Create(loggingLevel);
            if (s_instance.LoggingLevel != loggingLevel)
            {
                throw new InvalidOperationException(
                    $"The ONNX Runtime environment already exists with log level {s_instance.LoggingLevel}; ORT has one per process, so initialise it before the first session.");
            }
            return s_instance;
        }
    }

    private static unsafe OrtEnvironment Create(OrtLoggingLevel loggingLevel)
    {
        var api = OrtLibrary.Api;
        var handle = new EnvironmentHandle();
        nint env;
        // u8 literals end with a NUL byte past their length, so this is a C string.
        fixed (byte* logId = "EdgeSecurity"u8)
            OrtStatus.ThrowIfFailed(api.CreateEnv((int)loggingLevel, logId, &env), "creating the environment");
        handle.Own(env);
        return new OrtEnvironment(handle, loggingLevel);
    }
}
