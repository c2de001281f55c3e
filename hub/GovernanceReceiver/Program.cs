using EdgeSecurity.GovernanceReceiver;

var builder = WebApplication.CreateBuilder(args);
var settings = ReceiverSettings.Read(builder.Configuration, out var problems);
if (problems.Count > 0)
{
    foreach (var problem in problems)
        await Console.Error.WriteLineAsync($"配置错误 configuration error: {problem}").ConfigureAwait(false);
    return 2;
}

// Loopback only: it is a reference and test program, never a production intake.
builder.WebHost.UseUrls($"http://127.0.0.1:{settings.Port}");
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(new RecordStore(settings.DatabasePath));
builder.Services.AddHttpClient();

var app = builder.Build();
app.MapReceiverEndpoints();
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("治理中心参考接收端 governance receiver listening on http://127.0.0.1:{Port}, database {Database}, {Keys} key(s)",
        settings.Port, Path.GetFullPath(settings.DatabasePath), settings.Keys.Count));
await app.RunAsync().ConfigureAwait(false);
return 0;
