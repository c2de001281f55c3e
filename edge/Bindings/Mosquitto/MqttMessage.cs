namespace EdgeSecurity.Bindings.Mosquitto;

/// <summary>A received message; Payload is the binding's own copy and stays valid.</summary>
public sealed record MqttMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos, bool Retain);
