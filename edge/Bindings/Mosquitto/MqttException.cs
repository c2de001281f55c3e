namespace EdgeSecurity.Bindings.Mosquitto;

/// <summary>An MQTT operation failed; the message carries libmosquitto's or the broker's explanation.</summary>
public sealed class MqttException : Exception
{
    public MqttException()
    {
    }

    public MqttException(string message)
        : base(message)
    {
    }

    public MqttException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
