using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace EdgeSecurity.Upstream.Viid;

/// <summary>
/// A GA/T 1400 (视图库) client for our platform: registration with digest authentication, keepalive, time, uploads of
/// persons, motor and non-motor vehicles and capture devices, subscriptions. It never throws for what the network or
/// the server does: each call returns a result that says whether to retry. A 401 on any request means the
/// registration lapsed (or the nonce went stale): the client registers again and repeats the request once.
/// </summary>
public sealed class ViidClient : IDisposable
{
    private const int MaximumMessageChars = 300;

    private readonly HttpClient _http;
    private readonly ViidClientOptions _options;
    private readonly TimeProvider _time;
    private readonly DigestCredentials _digest;
    private readonly SemaphoreSlim _registering = new(1, 1);
    private volatile bool _registered;

    public ViidClient(HttpClient http, ViidClientOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        _options = options;
        _time = time;
        _digest = new DigestCredentials(options.Username, options.Password);
    }

    public bool IsRegistered => _registered;

    public Task<ViidResult> RegisterAsync(CancellationToken cancellationToken) => RegisterAsync(force: true, cancellationToken);

    /// <summary>Keeps the registration alive; a failure marks us unregistered so the next call registers again.</summary>
    public async Task<ViidResult> KeepaliveAsync(CancellationToken cancellationToken)
    {
        var exchange = await SendAsync(HttpMethod.Post, "/VIID/System/Keepalive",
            ViidJson.Wrap("KeepaliveObject", new DeviceObject(_options.DeviceId)), cancellationToken).ConfigureAwait(false);
        var result = Single(exchange, "keepalive");
        if (!result.IsOk)
            _registered = false;
        return result;
    }

    public async Task<ViidResult> UnregisterAsync(CancellationToken cancellationToken)
    {
        var exchange = await SendAsync(HttpMethod.Post, "/VIID/System/UnRegister",
            ViidJson.Wrap("UnRegisterObject", new DeviceObject(_options.DeviceId)), cancellationToken).ConfigureAwait(false);
        _registered = false;
        _digest.Forget();
        return Single(exchange, "unregistration");
    }

    /// <summary>Reads the 视图库's clock (校时) and how far ours is from it.</summary>
    public async Task<ViidTimeResult> GetTimeAsync(CancellationToken cancellationToken)
    {
        var before = _time.GetUtcNow();
        var exchange = await SendAsync(HttpMethod.Get, "/VIID/System/Time", null, cancellationToken).ConfigureAwait(false);
        var after = _time.GetUtcNow();
        if (exchange.Failure is { } failure)
            return new ViidTimeResult(failure, null, null);
        if (exchange.Status != HttpStatusCode.OK)
            return new ViidTimeResult(HttpFailure(exchange, "time"), null, null);
        var time = ViidJson.Unwrap<SystemTimeObject>(Encoding.UTF8.GetBytes(exchange.Text), "SystemTimeObject", out var error);
        if (time is null || !ViidTime.TryParse(time.LocalTime, _options.LocalOffset, out var serverTime))
            return new ViidTimeResult(new ViidResult(ViidOutcome.RetryLater, 200, $"the time answer is not a SystemTimeObject with LocalTime yyyyMMddHHmmss: {error ?? Shorten(exchange.Text)}"), null, null);
        // The server read its clock somewhere between our two readings; the middle halves the error.
        var offset = serverTime - (before + ((after - before) / 2));
        return new ViidTimeResult(new ViidResult(ViidOutcome.Ok, 200, string.Create(CultureInfo.InvariantCulture, $"the 视图库's clock is {offset.TotalSeconds:+0.#;-0.#;0} s from ours")), serverTime, offset);
    }

    public Task<ViidUploadResult> UploadPersonsAsync(IReadOnlyList<PersonObject> persons, CancellationToken cancellationToken) =>
        UploadAsync("/VIID/Persons", "PersonListObject", new PersonListObject(persons), persons.Select(p => p.PersonID).ToList(), cancellationToken);

    public Task<ViidUploadResult> UploadMotorVehiclesAsync(IReadOnlyList<MotorVehicleObject> vehicles, CancellationToken cancellationToken) =>
        UploadAsync("/VIID/MotorVehicles", "MotorVehicleListObject", new MotorVehicleListObject(vehicles), vehicles.Select(v => v.MotorVehicleID).ToList(), cancellationToken);

    public Task<ViidUploadResult> UploadNonMotorVehiclesAsync(IReadOnlyList<NonMotorVehicleObject> vehicles, CancellationToken cancellationToken) =>
        UploadAsync("/VIID/NonMotorVehicles", "NonMotorVehicleListObject", new NonMotorVehicleListObject(vehicles), vehicles.Select(v => v.NonMotorVehicleID).ToList(), cancellationToken);

    /// <summary>The device directory: our cameras as APE objects.</summary>
    public Task<ViidUploadResult> UploadApesAsync(IReadOnlyList<ApeObject> apes, CancellationToken cancellationToken) =>
        UploadAsync("/VIID/APEs", "APEListObject", new ApeListObject(apes), apes.Select(a => a.ApeID).ToList(), cancellationToken);

    public Task<ViidUploadResult> SubscribeAsync(SubscribeObject subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return UploadAsync("/VIID/Subscribes", "SubscribeListObject", new SubscribeListObject([subscription with { OperateType = 0 }]), [subscription.SubscribeID], cancellationToken);
    }

    /// <summary>Cancels with <c>PUT /VIID/Subscribes/{SubscribeID}</c> and OperateType 1.</summary>
    public async Task<ViidResult> CancelSubscriptionAsync(SubscribeObject subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var exchange = await SendAsync(HttpMethod.Put, $"/VIID/Subscribes/{Uri.EscapeDataString(subscription.SubscribeID)}",
            ViidJson.Wrap("SubscribeObject", subscription with { OperateType = 1 }), cancellationToken).ConfigureAwait(false);
        return Single(exchange, "cancellation");
    }

    /// <summary>
    /// Pushes notifications to a subscriber's ReceiveAddr (<c>/VIID/SubscribeNotifications</c> of the platform that
    /// subscribed): with our User-Identify and the GA/T 1400 media type, classified like any other request. The
    /// subscriber's address is its own server, so our registration's digest is not sent there.
    /// </summary>
    public async Task<ViidResult> NotifyAsync(Uri receiveAddr, IReadOnlyList<SubscribeNotificationObject> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiveAddr);
        var what = receiveAddr.AbsolutePath;
        using var request = new HttpRequestMessage(HttpMethod.Post, receiveAddr);
        request.Content = new ByteArrayContent(ViidJson.Wrap("SubscribeNotificationListObject", new SubscribeNotificationListObject(notifications)));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ViidJson.MediaType) { CharSet = "UTF-8" };
        request.Headers.Add("User-Identify", _options.DeviceId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var text = await HttpBodies.ReadTextAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return Single(new Exchange(null, response.StatusCode, text), what);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ViidResult(ViidOutcome.RetryLater, null, string.Create(CultureInfo.InvariantCulture, $"{what}: no answer within {_options.RequestTimeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException e)
        {
            return new ViidResult(ViidOutcome.RetryLater, null, $"{what}: could not reach {receiveAddr.GetLeftPart(UriPartial.Authority)}: {e.Message}");
        }
    }

    public void Dispose() => _registering.Dispose();

    private async Task<ViidResult> RegisterAsync(bool force, CancellationToken cancellationToken)
    {
        await _registering.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_registered && !force)
                return new ViidResult(ViidOutcome.Ok, null, "registered");
            var exchange = await SendCoreAsync(HttpMethod.Post, "/VIID/System/Register",
                ViidJson.Wrap("RegisterObject", new DeviceObject(_options.DeviceId)), isRegistration: true, cancellationToken).ConfigureAwait(false);
            var result = Single(exchange, "registration");
            _registered = result.IsOk;
            return result;
        }
        finally
        {
            _registering.Release();
        }
    }

    private async Task<ViidUploadResult> UploadAsync<T>(string path, string listName, T list, List<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return new ViidUploadResult(ViidOutcome.Ok, "nothing to send", [], [], []);
        var exchange = await SendAsync(HttpMethod.Post, path, ViidJson.Wrap(listName, list), cancellationToken).ConfigureAwait(false);
        if (exchange.Failure is { } failure)
            return All(ids, failure);
        if ((int)exchange.Status is < 200 or > 299)
        {
            var refusal = HttpFailure(exchange, path);
            if (refusal.Outcome == ViidOutcome.RetryLater)
                return All(ids, refusal);
            var said = ViidResponse.TryParse(exchange.Text, out _) is [var status, ..] ? status : null;
            return new ViidUploadResult(ViidOutcome.Rejected, refusal.Message, [], [.. ids.Select(id => new ObjectRefusal(id, said?.StatusCode, said?.StatusString ?? refusal.Message))], []);
        }
        var statuses = ViidResponse.TryParse(exchange.Text, out var error);
        if (statuses is null)
            return All(ids, new ViidResult(ViidOutcome.RetryLater, (int)exchange.Status, $"{path}: {error}: {Shorten(exchange.Text)}"));

        var byId = statuses.Where(s => s.Id is not null).GroupBy(s => s.Id!).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        // One status without an id answers for the whole batch (some platforms answer a list with one object); a status
        // naming other ids answers for none of ours, so those are sent again rather than assumed delivered.
        var forAll = statuses.Count == 1 && string.IsNullOrEmpty(statuses[0].Id) ? statuses[0] : null;
        var accepted = new List<string>();
        var rejected = new List<ObjectRefusal>();
        var retry = new List<string>();
        foreach (var id in ids)
        {
            var status = byId.GetValueOrDefault(id) ?? forAll;
            if (status is null)
                retry.Add(id);
            else if (status.StatusCode == 0)
                accepted.Add(id);
            else if (ViidResponse.IsTransient(status.StatusCode))
                retry.Add(id);
            else
                rejected.Add(new ObjectRefusal(id, status.StatusCode, status.StatusString ?? ""));
        }
        var outcome = retry.Count > 0 ? ViidOutcome.RetryLater : rejected.Count > 0 ? ViidOutcome.Rejected : ViidOutcome.Ok;
        var message = string.Create(CultureInfo.InvariantCulture, $"{path}: {accepted.Count} accepted, {rejected.Count} rejected, {retry.Count} to retry")
            + string.Concat(rejected.Take(3).Select(r => $"; {r.Id}: {r.StatusCode} {r.StatusString}"));
        return new ViidUploadResult(outcome, message, accepted, rejected, retry);
    }

    /// <summary>Any request but registration: registers first when needed, and again (once) when the server answers 401.</summary>
    private async Task<Exchange> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        if (!_registered)
        {
            var registration = await RegisterAsync(force: false, cancellationToken).ConfigureAwait(false);
            if (!registration.IsOk)
                return new Exchange(NotRegistered(registration), default, "");
        }
        var exchange = await SendCoreAsync(method, path, body, isRegistration: false, cancellationToken).ConfigureAwait(false);
        if (exchange.Failure is not null || exchange.Status != HttpStatusCode.Unauthorized)
            return exchange;
        _registered = false;
        var again = await RegisterAsync(force: false, cancellationToken).ConfigureAwait(false);
        if (!again.IsOk)
            return new Exchange(NotRegistered(again), default, "");
        return await SendCoreAsync(method, path, body, isRegistration: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Exchange> SendCoreAsync(HttpMethod method, string path, byte[]? body, bool isRegistration, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            Exchange exchange;
            try
            {
                exchange = await SendOnceAsync(method, path, body, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(ViidOutcome.RetryLater, null, string.Create(CultureInfo.InvariantCulture, $"{path}: no answer within {_options.RequestTimeout.TotalSeconds:0.#} s"));
            }
            catch (HttpRequestException e)
            {
                return Failed(ViidOutcome.RetryLater, null, $"{path}: could not reach {_options.BaseUri}: {e.Message}");
            }
            if (exchange.Status != HttpStatusCode.Unauthorized || !isRegistration)
                return exchange;

            var challenge = DigestChallenge.TryParse(exchange.WwwAuthenticate);
            if (challenge is null)
                return Failed(ViidOutcome.Rejected, 401, $"{path}: 401 without a Digest challenge: {Shorten(exchange.Text)}");
            // A second 401 after answering a fresh challenge means the credentials are wrong; stale=true only means the nonce expired.
            if (attempt >= 2 || (attempt >= 1 && !challenge.Stale))
                return Failed(ViidOutcome.Rejected, 401, $"{path}: the 视图库 refused user '{_options.Username}' (wrong user name or password)");
            try
            {
                _digest.Accept(challenge);
            }
            catch (NotSupportedException e)
            {
                return Failed(ViidOutcome.Rejected, 401, $"{path}: {e.Message}");
            }
        }
    }

    private async Task<Exchange> SendOnceAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_options.BaseUri, path));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ViidJson.MediaType) { CharSet = "UTF-8" };
        }
        request.Headers.Add("User-Identify", _options.DeviceId);
        if (_digest.Authorize(method.Method, path) is { } authorization)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        var text = await HttpBodies.ReadTextAsync(response.Content, timeout.Token).ConfigureAwait(false);
        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase));
        return new Exchange(null, response.StatusCode, text, challenge is null ? null : $"Digest {challenge.Parameter}");
    }

    /// <summary>The result of a request answered by one ResponseStatusObject.</summary>
    private static ViidResult Single(Exchange exchange, string what)
    {
        if (exchange.Failure is { } failure)
            return failure;
        if ((int)exchange.Status is < 200 or > 299)
            return HttpFailure(exchange, what);
        var statuses = ViidResponse.TryParse(exchange.Text, out var error);
        if (statuses is not [var status, ..])
            return new ViidResult(ViidOutcome.RetryLater, (int)exchange.Status, $"{what}: {error}: {Shorten(exchange.Text)}");
        if (status.StatusCode == 0)
            return new ViidResult(ViidOutcome.Ok, (int)exchange.Status, $"{what}: {status.StatusString ?? "OK"}");
        var outcome = ViidResponse.IsTransient(status.StatusCode) ? ViidOutcome.RetryLater : ViidOutcome.Rejected;
        return new ViidResult(outcome, (int)exchange.Status, string.Create(CultureInfo.InvariantCulture, $"{what}: StatusCode {status.StatusCode}: {status.StatusString}"));
    }

    private static ViidResult HttpFailure(Exchange exchange, string what)
    {
        var status = (int)exchange.Status;
        var said = ViidResponse.TryParse(exchange.Text, out _) is [var s, ..] ? $"{s.StatusCode} {s.StatusString}" : Shorten(exchange.Text);
        // 401 here came after registering again: a problem of our account, not of what we sent, so it is kept for later.
        var outcome = status >= 500 || exchange.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized
            ? ViidOutcome.RetryLater
            : ViidOutcome.Rejected;
        return new ViidResult(outcome, status, string.Create(CultureInfo.InvariantCulture, $"{what}: HTTP {status}: {said}"));
    }

    private static ViidResult NotRegistered(ViidResult registration) =>
        new(ViidOutcome.RetryLater, registration.HttpStatus, $"not registered with the 视图库: {registration.Message}");

    /// <summary>Every object of the batch to be sent again: the request failed, not the objects.</summary>
    private static ViidUploadResult All(IReadOnlyList<string> ids, ViidResult result) => new(ViidOutcome.RetryLater, result.Message, [], [], ids);

    private static Exchange Failed(ViidOutcome outcome, int? status, string message) => new(new ViidResult(outcome, status, message), default, "");

    private static string Shorten(string text)
    {
        var clean = new string([.. text.Take(MaximumMessageChars).Select(c => char.IsControl(c) ? ' ' : c)]);
        return clean.Length == 0 ? "(empty body)" : text.Length > MaximumMessageChars ? clean + "…" : clean;
    }

    private sealed record Exchange(ViidResult? Failure, HttpStatusCode Status, string Text, string? WwwAuthenticate = null);

    private sealed record DeviceObject(string DeviceID);

    private sealed record SystemTimeObject(string? VIIDServerID, string? TimeMode, string? LocalTime, string? TimeZone);
}
