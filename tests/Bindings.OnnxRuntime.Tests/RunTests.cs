namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

public sealed class RunTests
{
    private const int Side = 416;

    [Fact]
    public void Yolox_nano_runs_on_a_grey_canvas_and_gives_3549_rows_of_85()
    {
        using var session = new InferenceSession(SharedModels.YoloxNano416);
        var pixels = new float[3 * Side * Side];
        Array.Fill(pixels, 114f);
        using var input = new FloatTensor(pixels, 1, 3, Side, Side);

        using var result = session.Run(input);

        Assert.Equal([1L, 3549, 85], result.GetShape("output").ToArray());
        var rows = result.GetFloats(0);
        Assert.Equal(3549 * 85, rows.Length);
        // Objectness (column 4) has the sigmoid applied in the graph: a probability on every row, near 0 on an empty canvas.
        for (var row = 0; row < 3549; row++)
            Assert.InRange(rows[(row * 85) + 4], 0f, 0.05f);
    }

    [Fact]
    public void The_input_buffer_is_read_in_place_at_every_run()
    {
        using var session = new InferenceSession(SharedModels.UltraFace320);
        var pixels = new float[3 * 240 * 320];
        using var input = new FloatTensor(pixels, 1, 3, 240, 320);

        float[] Scores()
        {
            using var result = session.Run(input);
            return result.GetFloats("scores").ToArray();
        }

        var dark = Scores();
        Array.Fill(pixels, 0.9f);
        var bright = Scores();

        Assert.NotEqual(dark, bright);
    }

    [Fact]
    public void Session_options_are_applied_and_the_session_runs_with_them()
    {
        using var options = new SessionOptions
        {
            IntraOpThreads = 1,
            InterOpThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.Basic,
            ExecutionMode = ExecutionMode.Parallel,
        };
        options.AddConfigEntry("session.use_env_allocators", "0");
        using var session = new InferenceSession(SharedModels.UltraFace320, options);
        using var input = new FloatTensor(new float[3 * 240 * 320], 1, 3, 240, 320);

        using var result = session.Run(input);

        Assert.False(options.AllowSpinning);
        Assert.Equal([1L, 4420, 4], result.GetShape("boxes").ToArray());
    }
}
