namespace EdgeSecurity.Upstream.Tests.Governance;

public sealed class ReceiverConfigurationTests
{
    [Fact]
    public async Task A_receiver_without_keys_or_with_bad_settings_lists_every_problem_and_exits_with_code_2()
    {
        using var directory = new TempDirectory("receiver");
        await using var receiver = ServiceProcess.StartDotnet(RepositoryLayout.GovernanceReceiverDll,
            ["--Receiver:Port=http", "--Receiver:ReplayWindow=-00:01:00", "--Receiver:Keys:hub-1=c2hvcnQ=", "--Receiver:Hub:StatusUrl=not a url"], directory.Path);

        var code = await receiver.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, code);
        var errors = receiver.StandardError.Split('\n');
        Assert.Equal(
        [
            "配置错误 configuration error: Receiver:Port 'http' is not a TCP port (1-65535)",
            "配置错误 configuration error: Receiver:ReplayWindow '-00:01:00' is not a positive time span (e.g. 00:05:00)",
            "配置错误 configuration error: Receiver:Keys:hub-1: the secret of key 'hub-1' has 5 bytes; at least 32 are required",
            "配置错误 configuration error: Receiver:Hub:StatusUrl 'not a url' is not an absolute URL",
        ], errors);
    }
}
