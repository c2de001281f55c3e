using System.Runtime.InteropServices;
using EdgeSecurity.Bindings.Mosquitto.Native;

namespace EdgeSecurity.Bindings.Mosquitto;

public static class MosquittoLibrary
{
    private static readonly Lock Gate = new();
    private static bool s_initialised;

    /// <summary>Loads libmosquitto.so.1 and runs mosquitto_lib_init, once per process.</summary>
    /// <exception cref="DllNotFoundException">The Debian package libmosquitto1 is not installed.</exception>
    public static void EnsureAvailable()
    {
        lock (Gate)
        {
            if (s_initialised)
            {
                return;
            }

            if (!NativeLibrary.TryLoad(NativeMethods.Library, out _))
            {
                throw new DllNotFoundException(
                    "libmosquitto.so.1 was not found: install the Debian package libmosquitto1 (apt-get install libmosquitto1).");
            }

            var rc = NativeMethods.mosquitto_lib_init();
            if (rc != NativeMethods.ErrSuccess)
            {
                throw new MqttException($"mosquitto_lib_init failed: {MosquittoText.Error(rc)}.");
            }

            s_initialised = true;
        }
    }
}
