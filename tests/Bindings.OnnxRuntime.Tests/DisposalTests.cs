namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

/// <summary>Native objects are released in a safe order whatever order the managed owners are disposed in.</summary>
public sealed class DisposalTests
{
    [Fact]
    public void A_result_stays_readable_after_its_session_is_disposed()
    {
        var session = new InferenceSession(SharedModels.UltraFace320);
        using var input = new FloatTensor(new float[3 * 240 * 320], 1, 3, 240, 320);
        using var result = session.Run(input);
        var expected = result.GetFloats("boxes").ToArray();

        session.Dispose();

        Assert.Equal(expected, result.GetFloats("boxes").ToArray());
        Assert.Equal(expected, ReadAgain(result));
    }

    [Fact]
    public void Options_may_be_disposed_as_soon_as_the_session_exists()
    {
        InferenceSession session;
        using (var options = new SessionOptions { IntraOpThreads = 1 })
            session = new InferenceSession(SharedModels.UltraFace320, options);
        using var input = new FloatTensor(new float[3 * 240 * 320], 1, 3, 240, 320);

        using (session)
        using (var result = session.Run(input))
            Assert.Equal(4420 * 4, result.GetFloats("boxes").Length);
    }

    [Fact]
    public void Disposed_objects_throw_instead_of_touching_freed_memory()
    {
        var session = new InferenceSession(SharedModels.UltraFace320);
        var input = new FloatTensor(new float[3 * 240 * 320], 1, 3, 240, 320);
        var result = session.Run(input);

        result.Dispose();
        Assert.Throws<ObjectDisposedException>(() => result.GetFloats(0).Length);

        input.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(input));

        session.Dispose();
        using var fresh = new FloatTensor(new float[3 * 240 * 320], 1, 3, 240, 320);
        Assert.Throws<ObjectDisposedException>(() => session.Run(fresh));
    }

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        var options = new SessionOptions();
        var session = new InferenceSession(SharedModels.UltraFace320, options);
        var input = new FloatTensor(new float[3 * 240 * 320], 1, 3, 240, 320);
        var result = session.Run(input);

        foreach (var disposable in new IDisposable[] { session, options, input, result, result, input, options, session })
            disposable.Dispose();

        Assert.Throws<ObjectDisposedException>(() => options.IntraOpThreads = 2);
    }

    private static float[] ReadAgain(InferenceResult result) => result.GetFloats(result.IndexOf("boxes")).ToArray();
}
