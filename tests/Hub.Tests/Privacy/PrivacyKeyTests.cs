using System.Runtime.Versioning;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Privacy;

/// <summary>The personal data key: made at the first start with mode 600; a missing or different key stops the hub with a clear message.</summary>
public sealed class PrivacyKeyTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _files = new("hub-privacy-key");
    private MosquittoBroker _broker = null!;

    private string KeyFile => _files.Combine("privacy.key");

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task The_key_is_made_at_the_first_start_and_a_missing_or_other_key_refuses_the_start_while_the_right_one_reads_the_data()
    {
        await using (await StartAsync())
        {
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        var key = await File.ReadAllTextAsync(KeyFile);
        Assert.Equal(32, Convert.FromBase64String(key.Trim()).Length);

        File.Delete(KeyFile);
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(StartAsync);
        Assert.Contains($"the key file {KeyFile} (Hub:Privacy:KeyFile) does not exist", missing.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyFile), "the hub made a new key although encrypted data exists");

        await File.WriteAllTextAsync(KeyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var other = await Assert.ThrowsAsync<InvalidOperationException>(StartAsync);
        Assert.Contains("is not the key this database's personal data was encrypted with", other.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(KeyFile, "not a key");
        var garbage = await Assert.ThrowsAsync<InvalidOperationException>(StartAsync);
        Assert.Contains("must hold 32 bytes in Base64", garbage.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(KeyFile, key);
        await using var hub = await StartAsync();
        var people = await hub.GetArrayAsync("/api/people");
        Assert.Equal("13800000001", (string?)people.Single(p => (string?)p!["login"] == "wangmin")!["phone"]);
    }

    private Task<HubHost> StartAsync() => HubHost.StartAsync(_broker.Port, _files.Combine("hub.db"));

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    public void Dispose() => _files.Dispose();
}
