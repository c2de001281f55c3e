using EdgeSecurity.Bindings.OnnxRuntime.Native;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void A_wrong_input_shape_is_an_exception_carrying_the_runtime_message()
    {
        using var session = new InferenceSession(SharedModels.YoloxNano416);
        using var input = new FloatTensor(new float[3 * 320 * 320], 1, 3, 320, 320);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(input));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("Got invalid dimensions for input: images", error.RuntimeMessage, StringComparison.Ordinal);
        Assert.Contains(error.RuntimeMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_session_still_runs_after_a_refused_run()
    {
        using var session = new InferenceSession(SharedModels.UltraFace320);
        using var wrong = new FloatTensor(new float[3 * 10 * 10], 1, 3, 10, 10);
        using var right = new FloatTensor(new float[3 * 240 * 320], 1, 3, 240, 320);
        Assert.Throws<OnnxRuntimeException>(() => session.Run(wrong));

        using var result = session.Run(right);

        Assert.Equal(4420 * 2, result.GetFloats("scores").Length);
    }

    [Fact]
    public void A_missing_model_file_names_the_file()
    {
        var path = Path.Combine(SharedModels.Directory, "no_such_model.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => new InferenceSession(path));

        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_by_the_runtime()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("not_a_model.onnx");
        File.WriteAllText(path, "this is not a protobuf");

        var error = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(path, environment: SharedModels.Environment));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.NotEqual(OrtErrorCode.Ok, error.ErrorCode);
    }

    [Fact]
    public void The_wrong_number_of_inputs_is_refused_before_the_runtime_sees_it()
    {
        using var session = new InferenceSession(SharedModels.UltraFace320);

        var error = Assert.Throws<ArgumentException>(() => session.Run());

        Assert.Contains("input: Float [1,3,240,320]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_buffer_that_does_not_fit_the_shape_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new FloatTensor(new float[10], 1, 3, 2, 2));

        Assert.Contains("[1,3,2,2] holds 12 floats; the buffer has 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_carries_its_code_and_message_and_is_released()
    {
        // Also proves the table indices of CreateStatus, GetErrorCode, GetErrorMessage and ReleaseStatus.
        var api = OrtLibrary.Api;
        nint status;
        unsafe
        {
            fixed (byte* message = "refused on purpose"u8)
                status = api.CreateStatus((int)OrtErrorCode.NoSuchFile, message);
        }

        var error = OrtStatus.ToException(status, api, "testing");

        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Equal("refused on purpose", error.RuntimeMessage);
        Assert.Equal("ONNX Runtime failed testing (NoSuchFile): refused on purpose", error.Message);
    }
}
