using System.Runtime.InteropServices;
using System.Threading.Channels;
using EdgeSecurity.Bindings.Mosquitto.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Bindings.Mosquitto;

/// <summary>
/// An MQTT client over libmosquitto. libmosquitto's own thread does the network work and reconnects
/// with backoff; received messages and connection changes are handed to handlers on separate tasks.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    /// <summary>Set while this client's dispatch loops run user code, so DisposeAsync from a handler does not wait for itself.</summary>
    private static readonly AsyncLocal<MqttClient?> s_dispatchingClient = new();
    private static readonly TimeSpan DisconnectRepeatInterval = TimeSpan.FromMilliseconds(100);
    private const string DisposedReason = "the client was disposed";

    /// <summary>Linux's EPROTO: what the socket reports when TLS is cut short under the CONNECT packet.</summary>
    private const int EProto = 71;

    private readonly MqttClientOptions _options;
    private readonly ILogger _logger;
    private readonly string _endpoint;
    private readonly GCHandle _self;
    private readonly MosquittoHandle _handle;
    private readonly PendingAcks _acks = new();
    private readonly Lock _subscriptionsGate = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Channel<MqttMessage> _messages =
        Channel.CreateUnbounded<MqttMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<MqttConnectionChangedEventArgs> _connectionChanges =
        Channel.CreateUnbounded<MqttConnectionChangedEventArgs>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _messageDispatch;
    private readonly Task _connectionDispatch;

    /// <summary>Replaced, never mutated, so the dispatch loop and the network thread can read it without a lock.</summary>
    private volatile Subscription[] _subscriptions = [];

    /// <summary>Counts the sessions the broker started for this client (CONNACK without session present); guarded by _subscriptionsGate.</summary>
    private int _brokerSession;
    private TaskCompletionSource? _connectAttempt;

    /// <summary>The last OpenSSL error libmosquitto logged, set on whichever thread ran the handshake.</summary>
    private volatile string? _lastTlsFailure;

    /// <summary>Set to true under _subscriptionsGate, so a new subscription is sent by SubscribeAsync or by the OnConnect after it, never by neither.</summary>
    private volatile bool _isConnected;
    private long _unhandledMessages;
    private volatile bool _disposed;
    private bool _loopStarted;

    public MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ClientId, nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.Host, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.KeepAlive, TimeSpan.FromSeconds(5), nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InflightMaximum, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.InflightMaximum, ushort.MaxValue, nameof(options));
        MosquittoLibrary.EnsureAvailable();

        _options = options;
        _logger = logger ?? NullLogger<MqttClient>.Instance;
        _endpoint = $"{options.Host}:{options.Port}";
        _self = GCHandle.Alloc(this);
        _handle = NativeMethods.mosquitto_new(options.ClientId, options.CleanSession, GCHandle.ToIntPtr(_self));
        if (_handle.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            _self.Free();
            throw new MqttException($"Could not create MQTT client '{options.ClientId}': {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        try
        {
            Configure();
        }
        catch
        {
            _handle.Dispose();
            _self.Free();
            throw;
        }

        _messageDispatch = Task.Run(DispatchMessagesAsync);
        _connectionDispatch = Task.Run(DispatchConnectionChangesAsync);
    }

    public bool IsConnected => _isConnected;

    /// <summary>
    /// Received messages that matched no handler, each logged at Warning and dropped. A resumed session can
    /// hold subscriptions this client never asked for, and its queued messages arrive right after CONNACK.
    /// </summary>
    public long UnhandledMessages => Interlocked.Read(ref _unhandledMessages);

    /// <summary>Connected (with SessionPresent) and Disconnected (with the reason), in order, raised off the network thread.</summary>
    public event EventHandler<MqttConnectionChangedEventArgs>? ConnectionChanged;

    /// <summary>
    /// Connects and completes on a successful CONNACK; from then on the client reconnects by itself.
    /// Throws <see cref="MqttException"/> when the broker cannot be reached or refuses the connection;
    /// the client can then be asked to connect again.
    /// </summary>
    public async Task ConnectAsync(CancellationToken ct = default)
    {
        var attempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loopStarted)
            {
                throw new InvalidOperationException("ConnectAsync was already called: the client keeps reconnecting by itself.");
            }

            Volatile.Write(ref _connectAttempt, attempt);

            // mosquitto_connect_bind_v5 blocks for the name lookup and TCP connect, so keep it off the caller's thread.
            await Task.Run(StartConnection, CancellationToken.None).ConfigureAwait(false);
            _loopStarted = true;
        }
        finally
        {
            _lifecycle.Release();
        }

        try
        {
            await attempt.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await StopLoopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// QoS 1 completes on PUBACK, QoS 0 once written to the socket. While disconnected a QoS 1 message
    /// is queued by libmosquitto and completes after the reconnect; a QoS 0 message fails.
    /// Cancelling stops the wait, not the delivery of a message already handed to libmosquitto.
    /// </summary>
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain = false, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled(ct);
        }

        var connection = _acks.Connection;
        int rc;
        int mid;
        unsafe
        {
            fixed (byte* bytes = payload.Span)
            {
                rc = NativeMethods.mosquitto_publish(_handle, out mid, topic, payload.Length, bytes, (int)qos, retain);
            }
        }

        // MOSQ_ERR_NO_CONN for QoS 1 still leaves the message in libmosquitto's queue, sent after the reconnect.
        var accepted = rc == NativeMethods.ErrSuccess || (rc == NativeMethods.ErrNoConn && qos == MqttQos.AtLeastOnce);
        if (!accepted)
        {
            return Task.FromException(new MqttException($"Could not publish to '{topic}': {MosquittoText.Error(rc)}."));
        }

        var whenLost = qos == MqttQos.AtMostOnce ? WhenConnectionLost.Fail : WhenConnectionLost.KeepWaiting;
        var delivered = _acks.Track(mid, PendingAcks.Publish, topic, whenLost, connection);
        return ct.CanBeCanceled ? delivered.WaitAsync(ct) : delivered;
    }

    /// <summary>
    /// Routes messages matching <paramref name="topicFilter"/> (which may be "$share/group/filter") to
    /// <paramref name="handler"/> from now on, and completes on the broker's SUBACK. Called before
    /// <see cref="ConnectAsync"/> or while disconnected, it waits for the next connect, so a handler is in place
    /// before a resumed session's queued messages arrive. Subscribing to the same filter again replaces its handler.
    /// The subscription is sent again after every connect in which the broker does not already hold it.
    /// Fails when the broker refuses the subscription or the client is disposed; cancelling stops only the wait.
    /// </summary>
    public async Task SubscribeAsync(string topicFilter, MqttQos qos, Func<MqttMessage, ValueTask> handler, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        ArgumentNullException.ThrowIfNull(handler);
        ct.ThrowIfCancellationRequested();

        // Checked here because libmosquitto checks the filter only once connected.
        var rc = NativeMethods.mosquitto_sub_topic_check(topicFilter);
        if (rc != NativeMethods.ErrSuccess)
        {
            throw SubscribeFailed(topicFilter, MosquittoText.Error(rc));
        }

        Subscription subscription;
        int? session;
        lock (_subscriptionsGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var replaced = Array.Find(_subscriptions, s => s.Filter == topicFilter);

            // The replaced subscription will not be sent again, so a caller still waiting for it waits for this one.
            var acknowledged = replaced is { Acknowledged.Task.IsCompleted: false }
                ? replaced.Acknowledged
                : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            subscription = new Subscription(topicFilter, qos, handler, acknowledged);
            _subscriptions = [.. _subscriptions.Where(s => s != replaced), subscription];
            session = _isConnected ? _brokerSession : null;
        }

        if (session is { } current)
        {
            Send(subscription, current);
        }

        await subscription.Acknowledged.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a clean DISCONNECT (so the broker discards the will), stops libmosquitto's thread, frees the
    /// native client, fails pending publishes and subscribes, and waits until handlers have seen every
    /// message already received.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await StopLoopCoreAsync().ConfigureAwait(false);
            _acks.Close(DisposedReason);
            FailUnacknowledgedSubscriptions();
            _handle.Dispose();
            _self.Free();
        }
        finally
        {
            _lifecycle.Release();
        }

        _messages.Writer.TryComplete();
        _connectionChanges.Writer.TryComplete();
        if (s_dispatchingClient.Value != this)
        {
            await Task.WhenAll(_messageDispatch, _connectionDispatch).ConfigureAwait(false);
        }
    }

    private void Configure()
    {
        var options = _options;
        var protocol = options.Protocol == MqttProtocol.V5 ? NativeMethods.ProtocolV5 : NativeMethods.ProtocolV311;
        Check(NativeMethods.mosquitto_int_option(_handle, NativeMethods.OptProtocolVersion, protocol), "set the protocol version");
        Check(NativeMethods.mosquitto_int_option(_handle, NativeMethods.OptTcpNoDelay, 1), "set TCP_NODELAY");
        Check(NativeMethods.mosquitto_int_option(_handle, NativeMethods.OptReceiveMaximum, options.InflightMaximum), "set the receive maximum");
        Check(NativeMethods.mosquitto_int_option(_handle, NativeMethods.OptSendMaximum, options.InflightMaximum), "set the send maximum");

        var minDelay = WholeSeconds(options.ReconnectMinDelay, minimum: 1);
        var maxDelay = WholeSeconds(options.ReconnectMaxDelay, minimum: minDelay);
        Check(NativeMethods.mosquitto_reconnect_delay_set(_handle, minDelay, maxDelay, exponentialBackoff: true), "set the reconnect delay");

        if (options.Username is not null)
        {
            Check(NativeMethods.mosquitto_username_pw_set(_handle, options.Username, options.Password), "set the username and password");
        }

        if (options.Tls is { } tls)
        {
            // tls_set reads and checks the files now, so a missing or unreadable file fails here, not at the first connect.
            Check(NativeMethods.mosquitto_tls_set(_handle, tls.CaFile, null, tls.CertFile, tls.KeyFile, nint.Zero), "configure TLS");
            Check(NativeMethods.mosquitto_tls_opts_set(_handle, NativeMethods.SslVerifyPeer, null, null), "require a verified broker certificate");
            Check(NativeMethods.mosquitto_tls_insecure_set(_handle, !tls.VerifyHostname), "configure TLS hostname verification");
        }

        if (options.Will is { } will)
        {
            unsafe
            {
                fixed (byte* payload = will.Payload.Span)
                {
                    Check(NativeMethods.mosquitto_will_set(_handle, will.Topic, will.Payload.Length, payload, (int)will.Qos, will.Retain), "set the will");
                }
            }
        }

        SetCallbacks();
    }

    /// <summary>Runs on a pool thread: the TCP connect, the CONNECT packet, then libmosquitto's network thread.</summary>
    private void StartConnection()
    {
        var properties = nint.Zero;
        try
        {
            var sessionExpiry = WholeSeconds(_options.SessionExpiry, minimum: 0);
            if (_options.Protocol == MqttProtocol.V5 && !_options.CleanSession && sessionExpiry > 0)
            {
                Check(NativeMethods.mosquitto_property_add_int32(ref properties, NativeMethods.PropSessionExpiryInterval, sessionExpiry), "set the session expiry");
            }

            // libmosquitto keeps a copy of the properties and sends them again on every reconnect.
            var keepAlive = (int)WholeSeconds(_options.KeepAlive, minimum: 5);
            _lastTlsFailure = null;
            var rc = NativeMethods.mosquitto_connect_bind_v5(_handle, _options.Host, _options.Port, keepAlive, null, properties);
            var errno = Marshal.GetLastPInvokeError();
            if (rc != NativeMethods.ErrSuccess)
            {
                throw new MqttException($"Could not connect to the MQTT broker at {_endpoint}: {ConnectFailure(rc, errno)}.");
            }
        }
        finally
        {
            if (properties != nint.Zero)
            {
                NativeMethods.mosquitto_property_free_all(ref properties);
            }
        }

        Check(NativeMethods.mosquitto_loop_start(_handle), "start the network thread");
    }

    private string ConnectFailure(int rc, int errno)
    {
        // A handshake that fails within the connect call is named only in the log (OnLog), not by its result.
        if (_lastTlsFailure is { } tls)
            return $"TLS handshake failed: {tls}";
        var reason = MosquittoText.Error(rc, errno);
        return rc == NativeMethods.ErrErrno && errno == EProto ? WithClientCertificateHint(reason) : reason;
    }

    /// <summary>
    /// In TLS 1.3 the broker checks the client's certificate after the client has finished its side of the handshake,
    /// so a refused certificate reaches the client as the connection failing or closing before CONNACK, unnamed.
    /// </summary>
    private string WithClientCertificateHint(string reason) =>
        _options.Tls?.CertFile is null
            ? reason
            : $"{reason}; the broker closed the connection as TLS was set up and may have refused the client certificate (expired, revoked or signed by another CA)";

    private async Task StopLoopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                await StopLoopCoreAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Caller holds _lifecycle.</summary>
    private async Task StopLoopCoreAsync()
    {
        // mosquitto_disconnect also stops libmosquitto's reconnect attempts, which is what lets loop_stop return without force
        // (forcing would pthread_cancel a thread that may be running managed callbacks).
        NativeMethods.mosquitto_disconnect(_handle);
        if (_loopStarted)
        {
            var stopped = Task.Run(() => NativeMethods.mosquitto_loop_stop(_handle, force: false));

            // A reconnect attempt under way overwrites the "disconnected" state when it ends, and the thread
            // carries on; repeating the disconnect lands between attempts and ends the thread.
            while (await Task.WhenAny(stopped, Task.Delay(DisconnectRepeatInterval)).ConfigureAwait(false) != stopped)
            {
                NativeMethods.mosquitto_disconnect(_handle);
            }

            _loopStarted = false;
        }

        _isConnected = false;
    }

    /// <summary>
    /// Sends the SUBSCRIBE for <paramref name="subscription"/> in broker session <paramref name="session"/>.
    /// If the connection drops first, the subscription stays unconfirmed and the next connect sends it again.
    /// </summary>
    private void Send(Subscription subscription, int session)
    {
        var connection = _acks.Connection;
        var rc = NativeMethods.mosquitto_subscribe(_handle, out var mid, subscription.Filter, (int)subscription.Qos);
        if (rc == NativeMethods.ErrNoConn)
        {
            return;
        }

        var suback = rc == NativeMethods.ErrSuccess
            ? _acks.Track(mid, PendingAcks.Subscribe, subscription.Filter, WhenConnectionLost.Cancel, connection)
            : Task.FromException(SubscribeFailed(subscription.Filter, MosquittoText.Error(rc)));
        _ = AwaitSubackAsync(subscription, session, suback);
    }

    private async Task AwaitSubackAsync(Subscription subscription, int session, Task suback)
    {
        try
        {
            await suback.ConfigureAwait(false);
            lock (_subscriptionsGate)
            {
                subscription.ConfirmedInSession = session;
            }

            subscription.Acknowledged.TrySetResult();
        }
        catch (OperationCanceledException)
        {
            // The connection dropped before the SUBACK; the subscription is still unconfirmed, so the next connect sends it.
        }
        catch (MqttException) when (_disposed)
        {
            // DisposeAsync fails the callers still waiting.
        }
        catch (MqttException ex)
        {
            if (subscription.Acknowledged.TrySetException(ex))
            {
                // The caller learns that the subscription failed, so its handler goes too.
                lock (_subscriptionsGate)
                {
                    _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
                }
            }
            else
            {
                // A renewal: the caller was told it is subscribed, so keep the handler and try again at the next connect.
                _logger.LogError(ex, "Could not renew the MQTT subscription to '{TopicFilter}'", subscription.Filter);
            }
        }
    }

    private void FailUnacknowledgedSubscriptions()
    {
        Subscription[] subscriptions;
        lock (_subscriptionsGate)
        {
            subscriptions = _subscriptions;
        }

        foreach (var subscription in subscriptions.Where(s => !s.Acknowledged.Task.IsCompleted))
        {
            subscription.Acknowledged.TrySetException(SubscribeFailed(subscription.Filter, DisposedReason));
        }
    }

    private static MqttException SubscribeFailed(string topicFilter, string reason) =>
        new($"Could not subscribe to '{topicFilter}': {reason}.");

    private async Task DispatchMessagesAsync()
    {
        s_dispatchingClient.Value = this;
        await foreach (var message in _messages.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var handled = false;
            foreach (var subscription in _subscriptions)
            {
                if (!TopicFilter.Matches(subscription.Filter, message.Topic))
                {
                    continue;
                }

                handled = true;
                try
                {
                    await subscription.Handler(message).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "MQTT handler for '{TopicFilter}' failed on a message from '{Topic}'", subscription.Filter, message.Topic);
                }
            }

            if (!handled)
            {
                Interlocked.Increment(ref _unhandledMessages);
                _logger.LogWarning("MQTT message from '{Topic}' matches no handler of client '{ClientId}' and was dropped", message.Topic, _options.ClientId);
            }
        }
    }

    private async Task DispatchConnectionChangesAsync()
    {
        s_dispatchingClient.Value = this;
        await foreach (var change in _connectionChanges.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                ConnectionChanged?.Invoke(this, change);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "MQTT ConnectionChanged handler failed");
            }
        }
    }

    private void Check(int rc, string action)
    {
        if (rc != NativeMethods.ErrSuccess)
        {
            throw new MqttException($"Could not {action} for MQTT client '{_options.ClientId}': {MosquittoText.Error(rc)}.");
        }
    }

    private static uint WholeSeconds(TimeSpan value, uint minimum) =>
        (uint)Math.Clamp(Math.Ceiling(value.TotalSeconds), minimum, uint.MaxValue);

    /// <summary>A class, not a record: subscriptions are told apart by identity, even with the same filter and handler.</summary>
    private sealed class Subscription(string filter, MqttQos qos, Func<MqttMessage, ValueTask> handler, TaskCompletionSource acknowledged)
    {
        public string Filter { get; } = filter;

        public MqttQos Qos { get; } = qos;

        public Func<MqttMessage, ValueTask> Handler { get; } = handler;

        /// <summary>Completes on the first SUBACK: the task SubscribeAsync returns.</summary>
        public TaskCompletionSource Acknowledged { get; } = acknowledged;

        /// <summary>The broker session (see _brokerSession) whose SUBACK says the broker holds this subscription; guarded by _subscriptionsGate.</summary>
        public int? ConfirmedInSession { get; set; }
    }
}
