using System.Collections.Immutable;
using System.Text;
using EdgeSecurity.Bindings.OnnxRuntime.Native;

namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>
/// A model loaded from a file, ready to run (OrtSession). Runs may come from several threads at once, as ORT allows.
/// Disposing it while results are still open is safe: ORT releases the session after the last of them.
/// </summary>
public sealed class InferenceSession : IDisposable
{
    private readonly SessionHandle _handle = new();
    private readonly Utf8NameTable _inputNames;
    private readonly Utf8NameTable _outputNames;

    /// <param name="modelPath">An .onnx file.</param>
    /// <param name="options">Threads, optimisation and spinning; null takes <see cref="SessionOptions"/>' defaults.</param>
    /// <param name="environment">Null takes <see cref="OrtEnvironment.Instance"/>.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="OnnxRuntimeException">ORT could not load the file, e.g. it is not an ONNX model.</exception>
    /// <exception cref="DllNotFoundException">libonnxruntime.so.1 is missing; the message says what to do.</exception>
    public unsafe InferenceSession(string modelPath, SessionOptions? options = null, OrtEnvironment? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ModelPath = Path.GetFullPath(modelPath);
        if (!File.Exists(ModelPath))
            throw new FileNotFoundException($"The ONNX model file {ModelPath} does not exist.", ModelPath);

        environment ??= OrtEnvironment.Instance;
        var defaults = options is null ? new SessionOptions() : null;
        try
        {
            var settings = options ?? defaults!;
            using var env = new HandleLease(environment.Handle, environment);
            using var sessionOptions = new HandleLease(settings.Handle, settings);
            nint session;
            fixed (byte* path = Encoding.UTF8.GetBytes(ModelPath + '\0'))
                OrtStatus.ThrowIfFailed(OrtLibrary.Api.CreateSession(env.Pointer, path, sessionOptions.Pointer, &session), $"loading {ModelPath}");
            _handle.Own(session);
            _handle.KeepAlive(environment.Handle);

            Inputs = ModelMetadataReader.Read(session, ModelMetadataReader.Side.Inputs);
            Outputs = ModelMetadataReader.Read(session, ModelMetadataReader.Side.Outputs);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
        finally
        {
            defaults?.Dispose();
        }
        _inputNames = new Utf8NameTable(Inputs.Select(input => input.Name));
        _outputNames = new Utf8NameTable(Outputs.Select(output => output.Name));
    }

    public string ModelPath { get; }

    /// <summary>The inputs a run must be given, in this order.</summary>
    public ImmutableArray<TensorMetadata> Inputs { get; }

    /// <summary>The outputs every run returns, in this order.</summary>
    public ImmutableArray<TensorMetadata> Outputs { get; }

    /// <summary>
    /// Runs the model on float inputs given in <see cref="Inputs"/> order. The outputs stay in ORT's memory and are read
    /// in place through the result, which must be disposed to give that memory back.
    /// </summary>
    /// <exception cref="ArgumentException">The number of inputs differs from the model's.</exception>
    /// <exception cref="OnnxRuntimeException">ORT refused the run, e.g. a shape the model does not accept.</exception>
    public unsafe InferenceResult Run(params ReadOnlySpan<FloatTensor> inputs)
    {
        if (inputs.Length != Inputs.Length)
        {
            throw new ArgumentException(
                $"{Path.GetFileName(ModelPath)} takes {Inputs.Length} input(s) ({string.Join("; ", Inputs)}); {inputs.Length} were given.", nameof(inputs));
        }

        using var session = new HandleLease(_handle, this);
        var outputHandles = new ValueHandle[Outputs.Length];
        for (var i = 0; i < outputHandles.Length; i++)
            outputHandles[i] = new ValueHandle();

        var values = stackalloc nint[Math.Max(inputs.Length, 1)];
        var outputs = stackalloc nint[Math.Max(outputHandles.Length, 1)];
        var leased = 0;
        try
        {
            for (; leased < inputs.Length; leased++)
            {
                var input = inputs[leased].Handle;
                ObjectDisposedException.ThrowIf(input.IsClosed, inputs[leased]);
                var added = false;
                input.DangerousAddRef(ref added);
                values[leased] = input.DangerousGetHandle();
            }
            for (var i = 0; i < outputHandles.Length; i++)
                outputs[i] = 0;

            var status = OrtLibrary.Api.Run(
                session.Pointer, 0, _inputNames.Pointers, values, (nuint)inputs.Length, _outputNames.Pointers, (nuint)outputHandles.Length, outputs);
            if (status != 0)
            {
                for (var i = 0; i < outputHandles.Length; i++)
                {
                    if (outputs[i] != 0)
                        OrtLibrary.Api.ReleaseValue(outputs[i]);
                }
                throw OrtStatus.ToException(status, OrtLibrary.Api, $"running {Path.GetFileName(ModelPath)}");
            }

            for (var i = 0; i < outputHandles.Length; i++)
            {
                outputHandles[i].Own(outputs[i]);
                outputHandles[i].KeepAlive(_handle);
            }
            return new InferenceResult(outputHandles, Outputs);
        }
        finally
        {
            for (var i = 0; i < leased; i++)
                inputs[i].Handle.DangerousRelease();
        }
    }

    public void Dispose() => _handle.Dispose();

    public override string ToString() => $"{Path.GetFileName(ModelPath)} ({string.Join("; ", Inputs)} → {string.Join("; ", Outputs)})";
}
