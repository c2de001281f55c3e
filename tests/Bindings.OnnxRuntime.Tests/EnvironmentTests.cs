namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

public sealed class EnvironmentTests
{
    [Fact]
    public void There_is_one_environment_and_its_log_level_is_fixed_once_made()
    {
        var environment = OrtEnvironment.Initialize(OrtLoggingLevel.Error);

        Assert.Same(environment, OrtEnvironment.Instance);
        Assert.Same(environment, OrtEnvironment.Initialize(OrtLoggingLevel.Error));
        var error = Assert.Throws<InvalidOperationException>(() => OrtEnvironment.Initialize(OrtLoggingLevel.Verbose));
        Assert.Contains("already exists with log level Error", error.Message, StringComparison.Ordinal);
    }
}
