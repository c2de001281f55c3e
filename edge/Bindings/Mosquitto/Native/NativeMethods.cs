using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.Mosquitto.Native;

/// <summary>The subset of libmosquitto 2.0 (mosquitto.h) this binding uses.</summary>
internal static unsafe partial class NativeMethods
{
    public const string Library = "libmosquitto.so.1";

    public const int ErrSuccess = 0;
    public const int ErrNoConn = 4;
    public const int ErrErrno = 14;

    /// <summary>MOSQ_LOG_ERR, the level libmosquitto logs OpenSSL's errors at.</summary>
    public const int LogError = 8;

    public const int OptProtocolVersion = 1;
    public const int OptReceiveMaximum = 4;
    public const int OptSendMaximum = 5;
    public const int OptTcpNoDelay = 11;

    public const int ProtocolV311 = 4;
    public const int ProtocolV5 = 5;

    public const int PropSessionExpiryInterval = 17;

    /// <summary>OpenSSL's SSL_VERIFY_PEER, the cert_reqs of mosquitto_tls_opts_set: the handshake fails unless the broker's certificate verifies.</summary>
    public const int SslVerifyPeer = 1;

    /// <summary>Reason codes at or above this value are failures (MQTT 5, and SUBACK 0x80 in 3.1.1).</summary>
    public const int FirstFailureReasonCode = 0x80;

    /// <summary>Layout of struct mosquitto_message; retain is a one-byte C bool.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Message
    {
        public int Mid;
        public byte* Topic;
        public byte* Payload;
        public int PayloadLength;
        public int Qos;
        public byte Retain;
    }

    [LibraryImport(Library)]
    public static partial int mosquitto_lib_init();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial MosquittoHandle mosquitto_new(string id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, nint userData);

    [LibraryImport(Library)]
    public static partial void mosquitto_destroy(nint mosq);

    [LibraryImport(Library)]
    public static partial int mosquitto_int_option(MosquittoHandle mosq, int option, int value);

    [LibraryImport(Library)]
    public static partial int mosquitto_reconnect_delay_set(MosquittoHandle mosq, uint delaySeconds, uint maxDelaySeconds, [MarshalAs(UnmanagedType.U1)] bool exponentialBackoff);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_username_pw_set(MosquittoHandle mosq, string? username, string? password);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_tls_set(MosquittoHandle mosq, string? caFile, string? caPath, string? certFile, string? keyFile, nint passwordCallback);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_tls_opts_set(MosquittoHandle mosq, int certReqs, string? tlsVersion, string? ciphers);

    [LibraryImport(Library)]
    public static partial int mosquitto_tls_insecure_set(MosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool insecure);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_will_set(MosquittoHandle mosq, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Library)]
    public static partial int mosquitto_property_add_int32(ref nint properties, int identifier, uint value);

    [LibraryImport(Library)]
    public static partial void mosquitto_property_free_all(ref nint properties);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int mosquitto_connect_bind_v5(MosquittoHandle mosq, string host, int port, int keepAliveSeconds, string? bindAddress, nint properties);

    [LibraryImport(Library)]
    public static partial int mosquitto_disconnect(MosquittoHandle mosq);

    [LibraryImport(Library)]
    public static partial int mosquitto_loop_start(MosquittoHandle mosq);

    [LibraryImport(Library)]
    public static partial int mosquitto_loop_stop(MosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool force);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_publish(MosquittoHandle mosq, out int mid, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_subscribe(MosquittoHandle mosq, out int mid, string topicFilter, int qos);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mosquitto_sub_topic_check(string topicFilter);

    [LibraryImport(Library)]
    public static partial void mosquitto_connect_v5_callback_set(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, nint, void> callback);

    [LibraryImport(Library)]
    public static partial void mosquitto_disconnect_v5_callback_set(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, nint, void> callback);

    [LibraryImport(Library)]
    public static partial void mosquitto_publish_v5_callback_set(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, nint, void> callback);

    [LibraryImport(Library)]
    public static partial void mosquitto_message_v5_callback_set(MosquittoHandle mosq, delegate* unmanaged<nint, nint, Message*, nint, void> callback);

    [LibraryImport(Library)]
    public static partial void mosquitto_subscribe_v5_callback_set(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, int*, nint, void> callback);

    [LibraryImport(Library)]
    public static partial void mosquitto_log_callback_set(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, byte*, void> callback);

    [LibraryImport(Library)]
    public static partial nint mosquitto_strerror(int error);

    [LibraryImport(Library)]
    public static partial nint mosquitto_connack_string(int connackCode);

    [LibraryImport(Library)]
    public static partial nint mosquitto_reason_string(int reasonCode);
}
