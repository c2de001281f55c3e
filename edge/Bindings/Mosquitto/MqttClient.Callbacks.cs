using System.Runtime.InteropServices;
using EdgeSecurity.Bindings.Mosquitto.Native;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Bindings.Mosquitto;

/// <summary>
/// libmosquitto's callbacks. They run on its network thread: they only copy data and hand it on,
/// and no exception may escape them (it would take the process down).
/// </summary>
public sealed partial class MqttClient
{
    private const int SessionPresentFlag = 1;
    private const string OpenSslErrorPrefix = "OpenSSL Error[";

    private unsafe void SetCallbacks()
    {
        NativeMethods.mosquitto_connect_v5_callback_set(_handle, &OnConnectCallback);
        NativeMethods.mosquitto_disconnect_v5_callback_set(_handle, &OnDisconnectCallback);
        NativeMethods.mosquitto_publish_v5_callback_set(_handle, &OnPublishCallback);
        NativeMethods.mosquitto_subscribe_v5_callback_set(_handle, &OnSubscribeCallback);
        NativeMethods.mosquitto_message_v5_callback_set(_handle, &OnMessageCallback);
        // With TLS the log is the only place libmosquitto names a failed handshake (it then retries without calling
        // on_disconnect), so its errors are read then; otherwise only when someone reads debug logs.
        if (_options.Tls is not null || _logger.IsEnabled(LogLevel.Debug))
        {
            NativeMethods.mosquitto_log_callback_set(_handle, &OnLogCallback);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnConnectCallback(nint mosq, nint userData, int rc, int flags, nint properties)
    {
        try
        {
            FromUserData(userData).OnConnect(rc, (flags & SessionPresentFlag) != 0);
        }
        catch (Exception ex)
        {
            ReportCallbackFailure(userData, "on_connect", ex);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnDisconnectCallback(nint mosq, nint userData, int rc, nint properties)
    {
        try
        {
            FromUserData(userData).OnDisconnect(rc);
        }
        catch (Exception ex)
        {
            ReportCallbackFailure(userData, "on_disconnect", ex);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnPublishCallback(nint mosq, nint userData, int mid, int reasonCode, nint properties)
    {
        try
        {
            FromUserData(userData)._acks.Complete(mid, reasonCode);
        }
        catch (Exception ex)
        {
            ReportCallbackFailure(userData, "on_publish", ex);
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnSubscribeCallback(nint mosq, nint userData, int mid, int grantedCount, int* grantedQos, nint properties)
    {
        try
        {
            // One filter per SUBSCRIBE, so the first granted QoS is the answer (0x80 and above: refused).
            var reasonCode = grantedCount > 0 ? grantedQos[0] : NativeMethods.FirstFailureReasonCode;
            FromUserData(userData)._acks.Complete(mid, reasonCode);
        }
        catch (Exception ex)
        {
            ReportCallbackFailure(userData, "on_subscribe", ex);
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnMessageCallback(nint mosq, nint userData, NativeMethods.Message* message, nint properties)
    {
        try
        {
            FromUserData(userData).OnMessage(message);
        }
        catch (Exception ex)
        {
            ReportCallbackFailure(userData, "on_message", ex);
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnLogCallback(nint mosq, nint userData, int level, byte* text)
    {
        try
        {
            var client = FromUserData(userData);
            // With TLS this runs for every packet; only errors (a failed handshake) are read unless debug logs are on.
            if (level == NativeMethods.LogError || client._logger.IsEnabled(LogLevel.Debug))
                client.OnLog(level, Marshal.PtrToStringUTF8((nint)text) ?? string.Empty);
        }
        catch (Exception ex)
        {
            ReportCallbackFailure(userData, "on_log", ex);
        }
    }

    private static MqttClient FromUserData(nint userData) => (MqttClient)GCHandle.FromIntPtr(userData).Target!;

    private static void ReportCallbackFailure(nint userData, string callback, Exception exception)
    {
        try
        {
            FromUserData(userData)._logger.LogError(exception, "MQTT {Callback} callback failed", callback);
        }
        catch (Exception)
        {
            // Nowhere left to report it, and the network thread must survive.
        }
    }

    private void OnConnect(int rc, bool sessionPresent)
    {
        var attempt = Interlocked.Exchange(ref _connectAttempt, null);
        if (rc != 0)
        {
            var reason = MosquittoText.Connack(rc, _options.Protocol);
            _logger.LogWarning("MQTT broker at {Endpoint} refused client '{ClientId}': {Reason}", _endpoint, _options.ClientId, reason);
            attempt?.TrySetException(new MqttException($"The MQTT broker at {_endpoint} refused the connection: {reason} (code {rc})."));
            return;
        }

        _logger.LogInformation("MQTT client '{ClientId}' connected to {Endpoint} (session present: {SessionPresent})", _options.ClientId, _endpoint, sessionPresent);
        int session;
        Subscription[] unconfirmed;
        lock (_subscriptionsGate)
        {
            _isConnected = true;
            if (!sessionPresent)
            {
                _brokerSession++;
            }

            // A new session holds none of our subscriptions; a resumed one lacks those not yet acknowledged in it.
            session = _brokerSession;
            unconfirmed = [.. _subscriptions.Where(s => s.ConfirmedInSession != session)];
        }

        foreach (var subscription in unconfirmed)
        {
            Send(subscription, session);
        }

        _connectionChanges.Writer.TryWrite(MqttConnectionChangedEventArgs.Connected(sessionPresent));
        attempt?.TrySetResult();
    }

    private void OnDisconnect(int rc)
    {
        _acks.ConnectionLost();
        var reason = MosquittoText.Disconnect(rc);
        Interlocked.Exchange(ref _connectAttempt, null)?.TrySetException(
            new MqttException($"The connection to the MQTT broker at {_endpoint} closed before CONNACK: {WithClientCertificateHint(reason)}."));
        if (!_isConnected)
        {
            return;
        }

        _isConnected = false;
        _logger.LogInformation("MQTT client '{ClientId}' disconnected from {Endpoint}: {Reason}", _options.ClientId, _endpoint, reason);
        _connectionChanges.Writer.TryWrite(MqttConnectionChangedEventArgs.Disconnected(rc, reason));
    }

    private void OnLog(int level, string text)
    {
        if (level == NativeMethods.LogError && text.StartsWith(OpenSslErrorPrefix, StringComparison.Ordinal))
        {
            var reason = text[OpenSslErrorPrefix.Length..].TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ']', ':', ' ');
            _lastTlsFailure = reason;
            _logger.LogWarning("TLS with the MQTT broker at {Endpoint} failed for client '{ClientId}': {Reason}", _endpoint, _options.ClientId, reason);
            Interlocked.Exchange(ref _connectAttempt, null)?.TrySetException(
                new MqttException($"The TLS handshake with the MQTT broker at {_endpoint} failed: {reason}."));
            return;
        }

        _logger.LogDebug("libmosquitto: {Text}", text);
    }

    private unsafe void OnMessage(NativeMethods.Message* message)
    {
        // libmosquitto frees the message after this callback returns: copy everything now.
        var topic = Marshal.PtrToStringUTF8((nint)message->Topic) ?? string.Empty;
        var payload = new ReadOnlySpan<byte>(message->Payload, message->PayloadLength).ToArray();
        _messages.Writer.TryWrite(new MqttMessage(topic, payload, (MqttQos)message->Qos, message->Retain != 0));
    }
}
