namespace EdgeSecurity.Upstream.Tests.Governance;

public sealed class RetryPolicyTests
{
    private readonly RetryPolicy _policy = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10), 0.2);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    [InlineData(9, 512)]
    [InlineData(10, 600)]
    [InlineData(1000, 600)]
    public void Delays_double_up_to_the_cap(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), _policy.DelayAfter(failures, null, 0));

    [Fact]
    public void Jitter_only_shortens_and_by_at_most_its_fraction()
    {
        Assert.Equal(TimeSpan.FromSeconds(3.6), _policy.DelayAfter(2, null, 0.5));
        Assert.InRange(_policy.DelayAfter(2, null, 0.999999), TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(3.21));
    }

    [Fact]
    public void The_centres_retry_after_is_honoured_but_capped_at_an_hour()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), _policy.DelayAfter(1, TimeSpan.FromSeconds(30), 0));
        Assert.Equal(TimeSpan.FromSeconds(4), _policy.DelayAfter(2, TimeSpan.FromSeconds(1), 0));
        Assert.Equal(TimeSpan.FromHours(1), _policy.DelayAfter(1, TimeSpan.FromDays(3), 0));
    }

    [Fact]
    public void Nonsense_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _policy.DelayAfter(0, null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _policy.DelayAfter(1, null, 1));
    }
}
