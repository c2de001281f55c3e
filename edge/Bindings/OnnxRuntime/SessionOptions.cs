using System.Text;
using EdgeSecurity.Bindings.OnnxRuntime.Native;

namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>
/// How sessions run (OrtSessionOptions). Each setting goes to ORT when it is set; a session copies the options when it
/// is created, so one instance can serve several sessions and may be disposed as soon as they exist.
/// Unlike ORT's own default, worker threads do not spin while waiting: on a 2-core gateway ffmpeg needs those cycles.
/// </summary>
public sealed class SessionOptions : IDisposable
{
    public const string IntraOpSpinningKey = "session.intra_op.allow_spinning";
    public const string InterOpSpinningKey = "session.inter_op.allow_spinning";

    private readonly SessionOptionsHandle _handle = new();
    private int _intraOpThreads;
    private int _interOpThreads;
    private GraphOptimizationLevel _graphOptimizationLevel = GraphOptimizationLevel.All;
    private ExecutionMode _executionMode = ExecutionMode.Sequential;
    private bool _allowSpinning;

    /// <exception cref="DllNotFoundException">libonnxruntime.so.1 is missing; the message says what to do.</exception>
    public unsafe SessionOptions()
    {
        nint options;
        OrtStatus.ThrowIfFailed(OrtLibrary.Api.CreateSessionOptions(&options), "creating session options");
        _handle.Own(options);
        AllowSpinning = false;
    }

    /// <summary>Threads that share the work inside one operator; 0 lets ORT choose (one per physical core).</summary>
    public unsafe int IntraOpThreads
    {
        get => _intraOpThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            using var options = new HandleLease(_handle, this);
            OrtStatus.ThrowIfFailed(OrtLibrary.Api.SetIntraOpNumThreads(options.Pointer, value), "setting the intra-op thread count");
            _intraOpThreads = value;
        }
    }

    /// <summary>Threads that run independent operators at once in <see cref="ExecutionMode.Parallel"/>; 0 lets ORT choose.</summary>
    public unsafe int InterOpThreads
    {
        get => _interOpThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            using var options = new HandleLease(_handle, this);
            OrtStatus.ThrowIfFailed(OrtLibrary.Api.SetInterOpNumThreads(options.Pointer, value), "setting the inter-op thread count");
            _interOpThreads = value;
        }
    }

    public unsafe GraphOptimizationLevel GraphOptimizationLevel
    {
        get => _graphOptimizationLevel;
        set
        {
            using var options = new HandleLease(_handle, this);
            OrtStatus.ThrowIfFailed(OrtLibrary.Api.SetSessionGraphOptimizationLevel(options.Pointer, (int)value), "setting the graph optimisation level");
            _graphOptimizationLevel = value;
        }
    }

    public unsafe ExecutionMode ExecutionMode
    {
        get => _executionMode;
        set
        {
            using var options = new HandleLease(_handle, this);
            OrtStatus.ThrowIfFailed(OrtLibrary.Api.SetSessionExecutionMode(options.Pointer, (int)value), "setting the execution mode");
            _executionMode = value;
        }
    }

    /// <summary>Whether idle intra- and inter-op threads busy-wait for work (lower latency, a core burnt per thread). Off by default.</summary>
    public bool AllowSpinning
    {
        get => _allowSpinning;
        set
        {
            var text = value ? "1" : "0";
            AddConfigEntry(IntraOpSpinningKey, text);
            AddConfigEntry(InterOpSpinningKey, text);
            _allowSpinning = value;
        }
    }

    internal SessionOptionsHandle Handle => _handle;

    /// <summary>Sets any session configuration entry (onnxruntime_session_options_config_keys.h), e.g. "session.intra_op.allow_spinning".</summary>
    public unsafe void AddConfigEntry(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        using var options = new HandleLease(_handle, this);
        fixed (byte* k = NullTerminated(key))
        fixed (byte* v = NullTerminated(value))
            OrtStatus.ThrowIfFailed(OrtLibrary.Api.AddSessionConfigEntry(options.Pointer, k, v), $"setting '{key}'");
    }

    public void Dispose() => _handle.Dispose();

    private static byte[] NullTerminated(string text) => Encoding.UTF8.GetBytes(text + '\0');
}
