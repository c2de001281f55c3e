using EdgeSecurity.Hub.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeSecurity.Hub.Tests.Telemetry;

public sealed class TelemetryConfigurationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Settings_are_read_from_Hub_Telemetry_and_wired_as_the_sink()
    {
        using var host = Build(new()
        {
            ["Hub:Telemetry:Url"] = "http://influx.local:8086/",
            ["Hub:Telemetry:Database"] = "city",
            ["Hub:Telemetry:BatchSize"] = "2000",
            ["Hub:Telemetry:FlushInterval"] = "00:00:02",
            ["Hub:Telemetry:Precision"] = "Nanoseconds",
        });

        var settings = host.Services.GetRequiredService<TelemetrySettings>();
        Assert.Equal(new Uri("http://influx.local:8086/"), settings.Url);
        Assert.Equal("city", settings.Database);
        Assert.Equal(2000, settings.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.FlushInterval);
        Assert.IsType<InfluxWriter>(host.Services.GetRequiredService<ITelemetrySink>());
        Assert.Contains(host.Services.GetServices<IHostedService>(), service => service is InfluxWriter);
        Assert.Equal(new Uri("http://influx.local:8086/write?db=city&precision=ns"), host.Services.GetRequiredService<InfluxConnection>().WriteUri);
    }

    [Fact]
    public void A_path_prefix_in_the_url_is_kept()
    {
        using var connection = new InfluxConnection(new TelemetrySettings { Url = new Uri("https://proxy.local/influx"), Database = "db" });

        Assert.Equal(new Uri("https://proxy.local/influx/write?db=db&precision=ms"), connection.WriteUri);
        Assert.Equal(new Uri("https://proxy.local/influx/query?q=x"), connection.QueryUri("q=x"));
    }

    [Theory]
    [InlineData("Hub:Telemetry:BatchSize", "0", "BatchSize must be positive")]
    [InlineData("Hub:Telemetry:BatchSize", "many", "many")]
    [InlineData("Hub:Telemetry:RawRetention", "00:10:00", "RawRetention must be at least one hour")]
    [InlineData("Hub:Telemetry:Bucket", "telemetry", "Org is required")]
    public void Unusable_settings_disable_telemetry_with_the_reason_and_the_hub_runs_on(string key, string value, string expected)
    {
        using var host = Build(new() { [key] = value });

        var sink = host.Services.GetRequiredService<ITelemetrySink>();
        var write = sink.Write(new LinePoint("m").Field("v", 1L));
        Assert.Equal(TelemetryWriteOutcome.Dropped, write.Outcome);
        Assert.Contains(expected, write.Reason, StringComparison.Ordinal);
        Assert.Equal(1, host.Services.GetRequiredService<TelemetryStats>().Snapshot().Dropped);
    }

    private IHost Build(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder();
        // The spool sits next to the hub's database: keep it out of the test's working directory.
        configuration.TryAdd("Hub:Storage:SqlitePath", _directory.Combine("hub.db"));
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddHubTelemetry();
        return builder.Build();
    }
}
