using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeSecurity.Upstream.Tests.Infrastructure;
using EdgeSecurity.Upstream.Viid;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeSecurity.Upstream.Tests.Viid;

/// <summary>
/// A GA/T 1400 视图库 for tests, written from the standard's published interface and object lists: digest
/// registration (MD5, qop=auth, nonces that go stale), keepalive, time, uploads kept by object id (a re-sent object
/// replaces itself), subscriptions and pushes to the subscriber's ReceiveAddr. As the upper platform it also
/// subscribes at a hub (<see cref="SubscribeAtAsync"/>, <see cref="CancelAtAsync"/>) and takes the hub's pushes on
/// /VIID/SubscribeNotifications, checking their format and that none comes for a cancelled subscription
/// (<see cref="Received"/>, <see cref="Problems"/>). Faults can be queued: the next /VIID request gets the fault
/// instead of the normal answer.
/// </summary>
public sealed class ViidTestServer : IAsyncDisposable
{
    public const string Realm = "viid-test";
    public const string Username = "hub-yangguang";
    public const string Password = "视图库-s3cret";
    public const string ServerId = "33021200002000000001";

    private readonly ConcurrentDictionary<string, NonceState> _nonces = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _registered = new();
    private readonly ConcurrentQueue<(string? Path, Func<HttpContext, Task> Answer)> _faults = new();
    private readonly ConcurrentDictionary<string, SubscribeObject> _subscriptions = new();
    private readonly ConcurrentDictionary<string, bool> _madeAtHub = new();
    private int _registrations;
    private int _keepalives;
    private LoopbackServer _server = null!;

    private ViidTestServer()
    {
    }

    public Uri BaseUri => _server.BaseUri;

    public int Port => _server.BaseUri.Port;

    public int Registrations => Volatile.Read(ref _registrations);

    public int Keepalives => Volatile.Read(ref _keepalives);

    /// <summary>Objects kept per resource (Persons, MotorVehicles, NonMotorVehicles, APEs), by id.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, JsonElement>> Kept { get; } = new();

    /// <summary>How many times each object id arrived, to show a retry is not a second object.</summary>
    public ConcurrentDictionary<string, int> Arrivals { get; } = new();

    /// <summary>The Authorization headers of registrations, to check the digest fields.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Notifications a hub pushed for subscriptions made at it, in arrival order.</summary>
    public ConcurrentQueue<JsonElement> Received { get; } = new();

    /// <summary>What was wrong with the hub's pushes: format, an unknown subscription, a push after cancelling.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    public Uri NotificationAddress => new(BaseUri, "/VIID/SubscribeNotifications");

    /// <summary>Subscribes at a hub as the platform does: POST /VIID/Subscribes with our ReceiveAddr. Returns the HTTP status and the body.</summary>
    public async Task<(int Status, string Body)> SubscribeAtAsync(HttpClient http, Uri hub, string subscribeId, string detail, string resourceUri, string? receiveAddr = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var now = DateTimeOffset.UtcNow;
        var subscription = new SubscribeObject
        {
            SubscribeID = subscribeId,
            Title = "派出所订阅 police subscription",
            SubscribeDetail = detail,
            ResourceURI = resourceUri,
            ApplicantName = "test-viid",
            ApplicantOrg = "文新派出所",
            BeginTime = ViidTime.Format(now.AddMinutes(-1), TimeSpan.FromHours(8)),
            EndTime = ViidTime.Format(now.AddDays(1), TimeSpan.FromHours(8)),
            ReceiveAddr = receiveAddr ?? NotificationAddress.ToString(),
            Reason = "社区安防",
            OperateType = 0,
        };
        _madeAtHub[subscribeId] = false;
        return await SendToHubAsync(http, HttpMethod.Post, new Uri(hub, "/VIID/Subscribes"), ViidJson.Wrap("SubscribeListObject", new SubscribeListObject([subscription])));
    }

    /// <summary>Cancels a subscription made at a hub: PUT /VIID/Subscribes/{id} with OperateType 1. From now on a push for it is a problem.</summary>
    public async Task<(int Status, string Body)> CancelAtAsync(HttpClient http, Uri hub, string subscribeId)
    {
        ArgumentNullException.ThrowIfNull(http);
        _madeAtHub[subscribeId] = true;
        var cancel = new SubscribeObject
        {
            SubscribeID = subscribeId, Title = "", SubscribeDetail = "", ResourceURI = "", ApplicantName = "test-viid", ApplicantOrg = "",
            BeginTime = "", EndTime = "", ReceiveAddr = "", Reason = "", OperateType = 1,
        };
        return await SendToHubAsync(http, HttpMethod.Put, new Uri(hub, $"/VIID/Subscribes/{subscribeId}"), ViidJson.Wrap("SubscribeObject", cancel));
    }

    private static async Task<(int Status, string Body)> SendToHubAsync(HttpClient http, HttpMethod method, Uri uri, byte[] body)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/VIID+JSON;charset=UTF-8");
        request.Headers.Add("User-Identify", ServerId);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Added to this server's clock for /VIID/System/Time.</summary>
    public TimeSpan ClockOffset { get; set; }

    public static async Task<ViidTestServer> StartAsync(int port = 0)
    {
        var server = new ViidTestServer();
        server._server = await LoopbackServer.StartAsync(server.Map, port: port);
        return server;
    }

    /// <summary>The same server state on the same port after <see cref="StopAsync"/>.</summary>
    public async Task RestartAsync(int port)
    {
        _server = await LoopbackServer.StartAsync(Map, port: port);
    }

    public async Task StopAsync() => await _server.DisposeAsync();

    /// <param name="path">Only a request to this path gets the fault (and requests to other paths pass); null for any.</param>
    public void Fault(Func<HttpContext, Task> fault, string? path = null) => _faults.Enqueue((path, fault));

    public void Fault(int status, string body, string? path = null) => Fault(async c =>
    {
        c.Response.StatusCode = status;
        await c.Response.WriteAsync(body);
    }, path);

    /// <summary>As if the registrations lapsed (the 视图库 restarted, or ~5 min passed without a request).</summary>
    public void ForgetRegistrations() => _registered.Clear();

    /// <summary>Every nonce issued so far goes stale: the next request using one gets 401 with stale=true.</summary>
    public void ExpireNonces()
    {
        foreach (var nonce in _nonces.Keys)
            _nonces[nonce] = _nonces[nonce] with { Expired = true };
    }

    public SubscribeObject? Subscription(string id) => _subscriptions.GetValueOrDefault(id);

    /// <summary>Pushes a notification to the subscription's ReceiveAddr, as the 视图库 does when matching data arrives.</summary>
    public async Task<(int Status, string Body)> NotifyAsync(HttpClient http, string subscribeId, string notificationId, IReadOnlyList<PersonObject> persons)
    {
        var subscription = _subscriptions[subscribeId];
        if (subscription.OperateType == 1)
            throw new InvalidOperationException($"subscription {subscribeId} was cancelled");
        var notification = new SubscribeNotificationObject
        {
            NotificationID = notificationId,
            SubscribeID = subscribeId,
            Title = subscription.Title,
            TriggerTime = ViidTime.Format(DateTimeOffset.UtcNow, TimeSpan.FromHours(8)),
            InfoIDs = string.Join(',', persons.Select(p => p.PersonID)),
            PersonObjectList = new PersonListObject(persons),
        };
        using var content = new ByteArrayContent(ViidJson.Wrap("SubscribeNotificationListObject", new SubscribeNotificationListObject([notification])));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/VIID+JSON;charset=UTF-8");
        using var response = await http.PostAsync(new Uri(subscription.ReceiveAddr), content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/VIID") && _faults.TryPeek(out var queued)
                && (queued.Path is null || context.Request.Path == queued.Path) && _faults.TryDequeue(out var fault))
            {
                await fault.Answer(context);
                return;
            }
            await next(context);
        });
        app.MapPost("/VIID/System/Register", Handler(Register));
        app.MapPost("/VIID/System/Keepalive", Handler(c => Registered(c, async body =>
        {
            Interlocked.Increment(ref _keepalives);
            return Status(c, DeviceId(body, "KeepaliveObject"), 0, "OK");
        })));
        app.MapPost("/VIID/System/UnRegister", Handler(c => Registered(c, async body =>
        {
            _registered.TryRemove(c.Request.Headers["User-Identify"].ToString(), out _);
            return Status(c, DeviceId(body, "UnRegisterObject"), 0, "OK");
        })));
        app.MapGet("/VIID/System/Time", Handler(c => Registered(c, async _ => Results.Text(
            $$$"""{"SystemTimeObject":{"VIIDServerID":"{{{ServerId}}}","TimeMode":"1","LocalTime":"{{{ViidTime.Format(DateTimeOffset.UtcNow + ClockOffset, TimeSpan.FromHours(8))}}}","TimeZone":"Asia/Shanghai"}}""",
            "application/VIID+JSON"))));
        MapUpload(app, "Persons", "PersonListObject", "PersonObject", "PersonID", ViidObjectRules.Person);
        MapUpload(app, "MotorVehicles", "MotorVehicleListObject", "MotorVehicleObject", "MotorVehicleID", ViidObjectRules.MotorVehicle);
        MapUpload(app, "NonMotorVehicles", "NonMotorVehicleListObject", "NonMotorVehicleObject", "NonMotorVehicleID", ViidObjectRules.NonMotorVehicle);
        MapUpload(app, "APEs", "APEListObject", "APEObject", "ApeID", ViidObjectRules.Ape);
        app.MapPost("/VIID/Subscribes", Handler(c => Registered(c, async body =>
        {
            var list = ViidJson.Unwrap<SubscribeListObject>(body, "SubscribeListObject", out var error);
            if (list?.SubscribeObject is not { } subscriptions)
                return Status(c, null, 7, $"Invalid JSON Format: {error}", 400);
            var statuses = subscriptions.Select(s =>
            {
                if (!Uri.TryCreate(s.ReceiveAddr, UriKind.Absolute, out _) || s.BeginTime.Length != 14 || s.EndTime.Length != 14)
                    return new ResponseStatusObject(s.SubscribeID, c.Request.Path, 8, "Invalid JSON Content: ReceiveAddr must be a URL, BeginTime/EndTime yyyyMMddHHmmss", Now());
                _subscriptions[s.SubscribeID] = s;
                return new ResponseStatusObject(s.SubscribeID, c.Request.Path, 0, "OK", Now());
            }).ToList();
            return Answer(ViidResponse.Write(statuses), 200);
        })));
        app.MapPost("/VIID/SubscribeNotifications", Handler(ReceiveNotificationsAsync));
        app.MapPut("/VIID/Subscribes/{id}", Handler(c => Registered(c, async body =>
        {
            var id = (string)c.Request.RouteValues["id"]!;
            var subscription = ViidJson.Unwrap<SubscribeObject>(body, "SubscribeObject", out var error);
            if (subscription is null)
                return Status(c, id, 7, $"Invalid JSON Format: {error}", 400);
            if (!_subscriptions.ContainsKey(id))
                return Status(c, id, 4, "Invalid Operation: no such subscription");
            _subscriptions[id] = subscription;
            return Status(c, id, 0, "OK");
        })));
    }

    /// <summary>
    /// The hub's pushes: a 20-digit User-Identify, the GA/T 1400 media type, a SubscribeNotificationListObject whose
    /// notifications name a subscription made at the hub and not cancelled, a 14-digit TriggerTime, InfoIDs, and
    /// objects that pass the same checks as uploads. Every problem is recorded; the answer gives each notification its status.
    /// </summary>
    private async Task<IResult> ReceiveNotificationsAsync(HttpContext context)
    {
        var body = await ReadAsync(context);
        if (!ViidCodes.IsDeviceCode(context.Request.Headers["User-Identify"].ToString()))
            Problems.Enqueue("a push without a 20-digit User-Identify");
        if (context.Request.ContentType?.StartsWith("application/VIID+JSON", StringComparison.OrdinalIgnoreCase) != true)
            Problems.Enqueue($"a push with Content-Type {context.Request.ContentType}");
        JsonElement items;
        try
        {
            items = JsonDocument.Parse(body).RootElement.GetProperty("SubscribeNotificationListObject").GetProperty("SubscribeNotificationObject").Clone();
            if (items.ValueKind != JsonValueKind.Array)
                throw new KeyNotFoundException();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            Problems.Enqueue("a push that is not a SubscribeNotificationListObject");
            return Status(context, null, 7, "Invalid JSON Format", 400);
        }
        var statuses = new List<ResponseStatusObject>();
        foreach (var item in items.EnumerateArray())
        {
            string? Text(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var id = Text("NotificationID");
            var problem = NotificationProblem(item, Text);
            if (problem is not null)
                Problems.Enqueue($"notification {id}: {problem}");
            else
                Received.Enqueue(item.Clone());
            statuses.Add(new ResponseStatusObject(id, context.Request.Path, problem is null ? 0 : 8, problem ?? "OK", Now()));
        }
        return Answer(ViidResponse.Write(statuses), 200);
    }

    private string? NotificationProblem(JsonElement item, Func<string, string?> text)
    {
        if (string.IsNullOrEmpty(text("NotificationID")))
            return "NotificationID is required";
        if (text("SubscribeID") is not { } subscribeId || !_madeAtHub.TryGetValue(subscribeId, out var cancelled))
            return $"SubscribeID {text("SubscribeID")} is no subscription made at the hub";
        if (cancelled)
            return $"pushed after subscription {subscribeId} was cancelled";
        if (text("TriggerTime") is not { Length: 14 } trigger || !trigger.All(char.IsAsciiDigit))
            return "TriggerTime must be yyyyMMddHHmmss";
        if (string.IsNullOrEmpty(text("InfoIDs")))
            return "InfoIDs is required";
        (string List, string Object, Func<JsonElement, string?> Check)[] kinds =
        [
            ("PersonObjectList", "PersonObject", ViidObjectRules.Person),
            ("MotorVehicleObjectList", "MotorVehicleObject", ViidObjectRules.MotorVehicle),
            ("NonMotorVehicleObjectList", "NonMotorVehicleObject", ViidObjectRules.NonMotorVehicle),
        ];
        var count = 0;
        foreach (var (list, name, check) in kinds)
        {
            if (!item.TryGetProperty(list, out var l) || !l.TryGetProperty(name, out var objects) || objects.ValueKind != JsonValueKind.Array)
                continue;
            foreach (var o in objects.EnumerateArray())
            {
                count++;
                if (check(o) is { } problem)
                    return $"{name}: {problem}";
            }
        }
        return count == 0 ? "no objects" : null;
    }

    private void MapUpload(IEndpointRouteBuilder app, string resource, string listName, string objectName, string idField, Func<JsonElement, string?> check)
    {
        var kept = Kept.GetOrAdd(resource, _ => new ConcurrentDictionary<string, JsonElement>());
        app.MapPost($"/VIID/{resource}", Handler(c => Registered(c, async body =>
        {
            JsonElement objects;
            try
            {
                objects = JsonDocument.Parse(body).RootElement.GetProperty(listName).GetProperty(objectName);
                if (objects.ValueKind != JsonValueKind.Array)
                    throw new KeyNotFoundException();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return Status(c, null, 7, $"Invalid JSON Format: expected {{\"{listName}\":{{\"{objectName}\":[...]}}}}", 400);
            }
            var statuses = new List<ResponseStatusObject>();
            foreach (var item in objects.EnumerateArray())
            {
                var id = item.TryGetProperty(idField, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (check(item) is { } problem)
                {
                    statuses.Add(new ResponseStatusObject(id, c.Request.Path, 8, $"Invalid JSON Content: {problem}", Now()));
                    continue;
                }
                kept[id!] = item.Clone();
                Arrivals.AddOrUpdate(id!, 1, (_, n) => n + 1);
                statuses.Add(new ResponseStatusObject(id, c.Request.Path, 0, "OK", Now()));
            }
            return Answer(ViidResponse.Write(statuses), 200);
        })));
    }

    private async Task<IResult> Register(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var verdict = CheckDigest(authorization, context.Request.Method, context.Request.Path);
        if (verdict != DigestVerdict.Valid)
            return Challenge(context, stale: verdict == DigestVerdict.Stale);
        Authorizations.Enqueue(authorization);
        var body = await ReadAsync(context);
        var deviceId = DeviceId(body, "RegisterObject");
        if (!ViidCodes.IsDeviceCode(deviceId))
            return Status(context, deviceId, 8, "Invalid JSON Content: RegisterObject.DeviceID must be 20 digits", 400);
        _registered[deviceId!] = DateTimeOffset.UtcNow;
        Interlocked.Increment(ref _registrations);
        return Status(context, deviceId, 0, "OK");
    }

    /// <summary>Every request but registration: from a registered User-Identify, with the GA/T 1400 media type, else 401/415.</summary>
    private async Task<IResult> Registered(HttpContext context, Func<byte[], Task<IResult>> handle)
    {
        if (!_registered.ContainsKey(context.Request.Headers["User-Identify"].ToString()))
            return Challenge(context, stale: false);
        if (context.Request.Method != "GET" && context.Request.ContentType?.StartsWith("application/VIID+JSON", StringComparison.OrdinalIgnoreCase) != true)
            return Status(context, null, 7, $"Invalid JSON Format: Content-Type {context.Request.ContentType} is not application/VIID+JSON", 415);
        return await handle(await ReadAsync(context));
    }

    private IResult Challenge(HttpContext context, bool stale)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _nonces[nonce] = new NonceState(0, Expired: false);
        context.Response.Headers.WWWAuthenticate =
            $"Digest realm=\"{Realm}\", qop=\"auth\", nonce=\"{nonce}\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", algorithm=MD5{(stale ? ", stale=true" : "")}";
        return Status(context, null, 4, "Unauthorized", 401);
    }

    private DigestVerdict CheckDigest(string authorization, string method, string path)
    {
        if (!authorization.StartsWith("Digest ", StringComparison.Ordinal))
            return DigestVerdict.Invalid;
        var p = DigestParameters.Parse(authorization.AsSpan(7));
        string Get(string name) => p.GetValueOrDefault(name) ?? "";
        if (Get("username") != Username || Get("realm") != Realm || Get("uri") != path || Get("qop") != "auth" || Get("opaque") != "5ccc069c403ebaf9f0171e9517f40e41")
            return DigestVerdict.Invalid;
        if (!_nonces.TryGetValue(Get("nonce"), out var state) || !int.TryParse(Get("nc"), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var nc))
            return DigestVerdict.Invalid;
        var ha1 = DigestCredentials.Md5Hex($"{Username}:{Realm}:{Password}");
        var ha2 = DigestCredentials.Md5Hex($"{method}:{path}");
        var expected = DigestCredentials.Md5Hex($"{ha1}:{Get("nonce")}:{Get("nc")}:{Get("cnonce")}:auth:{ha2}");
        if (expected != Get("response"))
            return DigestVerdict.Invalid;
        if (state.Expired)
            return DigestVerdict.Stale;
        // A nonce count that does not grow is a replayed Authorization header.
        if (nc <= state.LastCount)
            return DigestVerdict.Invalid;
        _nonces[Get("nonce")] = state with { LastCount = nc };
        return DigestVerdict.Valid;
    }

    private static IResult Status(HttpContext context, string? id, int code, string text, int httpStatus = 200) =>
        Answer(ViidResponse.Write(new ResponseStatusObject(id, context.Request.Path, code, text, Now())), httpStatus);

    private static IResult Answer(byte[] body, int httpStatus) =>
        Results.Text(Encoding.UTF8.GetString(body), "application/VIID+JSON", Encoding.UTF8, httpStatus);

    /// <summary>Typed as a Func so minimal APIs write the returned IResult (a lambda would bind as a RequestDelegate and drop it).</summary>
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handle) => handle;

    private static string? DeviceId(byte[] body, string objectName)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.GetProperty(objectName).GetProperty("DeviceID").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static string Now() => ViidTime.Format(DateTimeOffset.UtcNow, TimeSpan.FromHours(8));

    private enum DigestVerdict
    {
        Valid,
        Invalid,
        Stale,
    }

    private sealed record NonceState(int LastCount, bool Expired);
}
