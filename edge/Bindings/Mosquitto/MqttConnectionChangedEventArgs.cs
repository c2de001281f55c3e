namespace EdgeSecurity.Bindings.Mosquitto;

public sealed class MqttConnectionChangedEventArgs : EventArgs
{
    private MqttConnectionChangedEventArgs(bool isConnected, bool sessionPresent, int reasonCode, string reason)
    {
        IsConnected = isConnected;
        SessionPresent = sessionPresent;
        ReasonCode = reasonCode;
        Reason = reason;
    }

    public bool IsConnected { get; }

    /// <summary>On Connected: the broker resumed a stored session, so it kept the subscriptions.</summary>
    public bool SessionPresent { get; }

    /// <summary>On Disconnected: 0 for a disconnect this client asked for, a MOSQ_ERR_* value (below 128) for a local cause such as a lost connection, or the broker's MQTT 5 DISCONNECT reason code.</summary>
    public int ReasonCode { get; }

    public string Reason { get; }

    internal static MqttConnectionChangedEventArgs Connected(bool sessionPresent) => new(true, sessionPresent, 0, "connected");

    internal static MqttConnectionChangedEventArgs Disconnected(int reasonCode, string reason) => new(false, false, reasonCode, reason);
}
