using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Upstream.Governance;
using EdgeSecurity.Upstream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace EdgeSecurity.Upstream.Tests.Governance;

/// <summary>Every kind of bad answer a centre (or what stands in front of it) can give, each classified with its reason.</summary>
public sealed class CentreFailureTests : IAsyncLifetime, IDisposable
{
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _answers = new();
    private readonly ConcurrentQueue<(string? Key, string? ContentType, string? Signature)> _requests = new();
    private readonly HttpClient _http = new();
    private LoopbackServer _centre = null!;

    public async Task InitializeAsync() =>
        _centre = await LoopbackServer.StartAsync(app => app.MapPost("/intake", async (HttpContext context) =>
        {
            _requests.Enqueue((context.Request.Headers[RequestSignature.IdempotencyKeyHeader], context.Request.ContentType, context.Request.Headers[RequestSignature.SignatureHeader]));
            if (_answers.TryDequeue(out var answer))
                await answer(context);
        }));

    public async Task DisposeAsync() => await _centre.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData(500, "", "500 Internal Server Error: (empty body)")]
    [InlineData(502, "<html>Bad Gateway</html>", "502 Bad Gateway: <html>Bad Gateway</html>")]
    [InlineData(408, "", "408 Request Timeout: (empty body)")]
    [InlineData(429, """{"message":"慢一点 slow down"}""", "429 Too Many Requests: 慢一点 slow down")]
    public async Task Server_errors_timeouts_and_throttling_are_retried_later(int status, string body, string message)
    {
        _answers.Enqueue(c => Answer(c, status, body));

        var result = await Sender().SendAsync(SampleRecords.DoorForced(), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryOutcome.RetryLater, status, message), result);
    }

    [Fact]
    public async Task Retry_after_is_passed_on()
    {
        _answers.Enqueue(c =>
        {
            c.Response.Headers.RetryAfter = "7";
            return Answer(c, 503, "maintenance");
        });

        var result = await Sender().SendAsync(SampleRecords.DoorForced(), CancellationToken.None);

        Assert.Equal((DeliveryOutcome.RetryLater, TimeSpan.FromSeconds(7)), (result.Outcome, result.RetryAfter));
    }

    [Theory]
    [InlineData(400, """{"type":"about:blank","title":"Bad Request","detail":"网格编码 330212001007 不存在 unknown grid code"}""", "400 Bad Request: 网格编码 330212001007 不存在 unknown grid code")]
    [InlineData(403, "forbidden for this hub", "403 Forbidden: forbidden for this hub")]
    [InlineData(422, """{"error":"invalid_level"}""", "422 Unprocessable Entity: invalid_level")]
    public async Task Client_errors_are_dead_with_the_centres_message(int status, string body, string message)
    {
        _answers.Enqueue(c => Answer(c, status, body));

        var result = await Sender().SendAsync(SampleRecords.DoorForced(), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryOutcome.Dead, status, message), result);
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("""{"received":"someone-else:1"}""")]
    [InlineData("<html>Welcome to the hotel Wi-Fi</html>")]
    [InlineData("")]
    public async Task A_success_status_without_a_receipt_for_this_record_is_not_delivery(string body)
    {
        _answers.Enqueue(c => Answer(c, 200, body));

        var result = await Sender().SendAsync(SampleRecords.DoorForced(), CancellationToken.None);

        Assert.Equal((DeliveryOutcome.RetryLater, 200), (result.Outcome, result.StatusCode));
        Assert.StartsWith("200 without a receipt for 019c8a6e-5b1f-7c3a-9d0e-2f4b6a8c0e1f:1", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_centre_that_does_not_answer_in_time_is_retried_later_and_the_retry_carries_the_same_key()
    {
        var release = new TaskCompletionSource();
        _answers.Enqueue(_ => release.Task);
        _answers.Enqueue(c => Answer(c, 200, """{"received":"019c8a6e-5b1f-7c3a-9d0e-2f4b6a8c0e1f:1","duplicate":true}"""));
        var sender = Sender(TimeSpan.FromMilliseconds(300));

        var slow = await sender.SendAsync(SampleRecords.DoorForced(), CancellationToken.None);
        release.SetResult();
        var retry = await sender.SendAsync(SampleRecords.DoorForced(), CancellationToken.None);

        Assert.Equal(new DeliveryResult(DeliveryOutcome.RetryLater, null, $"no answer from {_centre.Url("intake")} within 0.3 s"), slow);
        Assert.Equal(DeliveryOutcome.Delivered, retry.Outcome);
        Assert.Equal(2, _requests.Count);
        Assert.All(_requests, r => Assert.Equal(("019c8a6e-5b1f-7c3a-9d0e-2f4b6a8c0e1f:1", "application/cloudevents+json; charset=utf-8"), (r.Key, r.ContentType)));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_later()
    {
        var nobody = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/intake");

        var result = await new GovernanceSender(_http, SampleRecords.Options(nobody), TimeProvider.System).SendAsync(SampleRecords.DoorForced(), CancellationToken.None);

        Assert.Equal((DeliveryOutcome.RetryLater, null), (result.Outcome, result.StatusCode));
        Assert.Contains($"could not reach {nobody}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_off_loopback_is_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new GovernanceSender(_http, SampleRecords.Options(new Uri("http://centre.example.gov.cn/intake")), TimeProvider.System));

        Assert.Contains("must be https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_client_certificate_configured_the_sender_passes_a_centre_that_requires_mutual_tls()
    {
        using var directory = new TempDirectory("mtls");
        using var serverCertificate = SelfSigned("CN=127.0.0.1", X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, "1.3.6.1.5.5.7.3.1");
        using var clientCertificate = SelfSigned("CN=hub-yangguang", X509KeyUsageFlags.DigitalSignature, "1.3.6.1.5.5.7.3.2");
        var clientPfx = directory.Combine("client.p12");
        await File.WriteAllBytesAsync(clientPfx, clientCertificate.Export(X509ContentType.Pkcs12, "pw"));
        string? seenSubject = null;
        await using var centre = await LoopbackServer.StartAsync(
            app => app.MapPost("/intake", (HttpContext c) =>
            {
                seenSubject = c.Connection.ClientCertificate?.Subject;
                return Results.Text("""{"received":"019c8a6e-5b1f-7c3a-9d0e-2f4b6a8c0e1f:1"}""", "application/json");
            }),
            builder => builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(k => k.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = serverCertificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => certificate.Thumbprint == clientCertificate.Thumbprint;
            })).UseUrls("https://127.0.0.1:0"));
        var withCertificate = await SendTrusting(WithCertificate(centre.Url("intake"), clientPfx), serverCertificate);
        var without = await SendTrusting(WithCertificate(centre.Url("intake"), null), serverCertificate);

        Assert.Equal(DeliveryOutcome.Delivered, withCertificate.Outcome);
        Assert.Equal("CN=hub-yangguang", seenSubject);
        Assert.Equal(DeliveryOutcome.RetryLater, without.Outcome);
    }

    private static GovernanceSenderOptions WithCertificate(Uri endpoint, string? pfxPath) => new()
    {
        Endpoint = endpoint,
        Source = "urn:edgesecurity:hub:yangguang",
        Key = SampleRecords.HubKey,
        ClientCertificatePath = pfxPath,
        ClientCertificatePassword = "pw",
    };

    private static async Task<DeliveryResult> SendTrusting(GovernanceSenderOptions options, X509Certificate2 serverCertificate)
    {
        var handler = GovernanceSender.CreateHandler(options);
        // The test's self-signed server certificate stands in for the centre's CA-issued one.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == serverCertificate.Thumbprint;
        using var http = new HttpClient(handler);
        return await new GovernanceSender(http, options, TimeProvider.System).SendAsync(SampleRecords.DoorForced(), CancellationToken.None);
    }

    private static X509Certificate2 SelfSigned(string subject, X509KeyUsageFlags usage, string extendedUsage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedUsage)], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Exported and reloaded so the private key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private GovernanceSender Sender(TimeSpan? timeout = null) =>
        new(_http, SampleRecords.Options(_centre.Url("intake"), timeout: timeout), TimeProvider.System);

    private static async Task Answer(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(body);
    }
}
