using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.Mosquitto.Native;

/// <summary>Turns libmosquitto's numeric results into the library's own texts.</summary>
internal static class MosquittoText
{
    /// <summary>Text for a MOSQ_ERR_* result; MOSQ_ERR_ERRNO is described by the errno the call left behind.</summary>
    public static string Error(int error, int errno = 0) =>
        error == NativeMethods.ErrErrno && errno != 0
            ? Marshal.GetPInvokeErrorMessage(errno)
            : Read(NativeMethods.mosquitto_strerror(error));

    /// <summary>Text for a CONNACK result: 3.1.1 return codes and MQTT 5 reason codes overlap, so the protocol decides.</summary>
    public static string Connack(int code, MqttProtocol protocol) =>
        protocol == MqttProtocol.V5 ? Reason(code) : Read(NativeMethods.mosquitto_connack_string(code));

    public static string Reason(int reasonCode) => Read(NativeMethods.mosquitto_reason_string(reasonCode));

    /// <summary>
    /// on_disconnect reports either a broker's MQTT 5 DISCONNECT reason (0 or at least 0x80)
    /// or a local MOSQ_ERR_* value (below 0x80); the two ranges tell them apart.
    /// </summary>
    public static string Disconnect(int code) => code switch
    {
        0 => "normal disconnection",
        >= NativeMethods.FirstFailureReasonCode => Reason(code),
        _ => Read(NativeMethods.mosquitto_strerror(code)),
    };

    /// <summary>libmosquitto ends some texts with a full stop and not others; callers add their own.</summary>
    private static string Read(nint text) => Marshal.PtrToStringUTF8(text)?.TrimEnd('.') ?? "unknown error";
}
