using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>The loaded libonnxruntime.so.1 and its API table, once per process.</summary>
internal static unsafe class OrtLibrary
{
    /// <summary>ONNX Runtime 1.30's API version (the minor version); newer runtimes still serve it, older ones return null.</summary>
    public const uint ApiVersion = 30;

    private static readonly Lock Gate = new();
    private static volatile Loaded? s_loaded;

    /// <exception cref="DllNotFoundException">The library is missing or too old; the message says what to do.</exception>
    public static OrtApi Api => (s_loaded ?? Load()).Api;

    public static string Version => (s_loaded ?? Load()).Version;

    /// <summary>ORT's default CPU allocator: it owns the names ORT returns. It lives as long as the library.</summary>
    public static nint DefaultAllocator => (s_loaded ?? Load()).DefaultAllocator;

    /// <summary>Describes caller-owned CPU buffers handed to ORT; one for the process, never released.</summary>
    public static MemoryInfoHandle CpuMemoryInfo => (s_loaded ?? Load()).CpuMemoryInfo;

    private static Loaded Load()
    {
        lock (Gate)
        {
            if (s_loaded is not null)
                return s_loaded;

            var library = NativeLibraryLocator.Load(
                Environment.GetEnvironmentVariable(NativeLibraryLocator.PathVariable),
                AppContext.BaseDirectory,
                RuntimeInformation.ProcessArchitecture,
                searchSystemPaths: true);
            var getApiBase = (delegate* unmanaged<ApiBase*>)NativeLibrary.GetExport(library, "OrtGetApiBase");
            var apiBase = getApiBase();
            var version = Marshal.PtrToStringUTF8((nint)apiBase->GetVersionString()) ?? "unknown";
            var table = apiBase->GetApi(ApiVersion);
            if (table is null)
            {
                throw new DllNotFoundException(
                    $"{NativeLibraryLocator.FileName} is ONNX Runtime {version}, older than the 1.30 this binding needs: run ./setup.sh, which extracts 1.30.0 from the npm package onnxruntime-node, or set {NativeLibraryLocator.PathVariable}.");
            }

            var api = new OrtApi(table);
            nint allocator;
            OrtStatus.ThrowIfFailed(api.GetAllocatorWithDefaultOptions(&allocator), api, "getting the default allocator");
            var memoryInfo = new MemoryInfoHandle();
            nint info;
            // Arena + default memory type is what ORT expects for plain CPU buffers; ORT copies the description into each tensor.
            OrtStatus.ThrowIfFailed(api.CreateCpuMemoryInfo(ArenaAllocator, DefaultMemoryType, &info), api, "describing CPU memory");
            memoryInfo.Own(info);

            s_loaded = new Loaded(api, version, allocator, memoryInfo);
            return s_loaded;
        }
    }

    private const int ArenaAllocator = 1;
    private const int DefaultMemoryType = 0;

    /// <summary>Layout of OrtApiBase: GetApi, then GetVersionString.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct ApiBase
    {
        public readonly delegate* unmanaged<uint, nint*> GetApi;
        public readonly delegate* unmanaged<byte*> GetVersionString;
    }

    private sealed record Loaded(OrtApi Api, string Version, nint DefaultAllocator, MemoryInfoHandle CpuMemoryInfo);
}
