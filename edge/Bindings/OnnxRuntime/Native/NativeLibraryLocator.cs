using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>Where libonnxruntime.so.1 may be, in the order it is looked for.</summary>
internal static class NativeLibraryLocator
{
    public const string FileName = "libonnxruntime.so.1";
    public const string PathVariable = "EDGESECURITY_ORT_PATH";

    public const string NotFoundMessage =
        $"{FileName} was not found: run ./setup.sh, which extracts it from the npm package onnxruntime-node, or set {PathVariable}.";

    /// <summary>
    /// (a) <c>EDGESECURITY_ORT_PATH</c>, a file or a directory holding it; (b) <c>.native/onnxruntime/linux-&lt;arch&gt;/</c>
    /// in the first directory above <paramref name="baseDirectory"/> that has one, which is where ./setup.sh puts it for
    /// every build output inside the repository; (c) next to the application. The system's own search path comes last,
    /// in <see cref="Load"/>, because the dynamic loader takes a bare file name.
    /// </summary>
    public static IEnumerable<string> CandidatePaths(string? pathVariable, string baseDirectory, Architecture architecture)
    {
        if (!string.IsNullOrWhiteSpace(pathVariable))
            yield return Directory.Exists(pathVariable) ? Path.Combine(pathVariable, FileName) : pathVariable;

        var relative = Path.Combine(".native", "onnxruntime", $"linux-{ArchitectureName(architecture)}", FileName);
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                yield return candidate;
                break;
            }
        }

        yield return Path.Combine(baseDirectory, FileName);
    }

    /// <summary>Loads the first candidate that exists, else asks the system loader; throws with one sentence saying what to do.</summary>
    /// <exception cref="DllNotFoundException">No candidate could be loaded, or the environment variable names a missing file.</exception>
    public static nint Load(string? pathVariable, string baseDirectory, Architecture architecture, bool searchSystemPaths)
    {
        var candidates = CandidatePaths(pathVariable, baseDirectory, architecture).ToList();
        // A variable set on purpose but pointing nowhere must not quietly fall back to some other copy.
        if (!string.IsNullOrWhiteSpace(pathVariable) && !File.Exists(candidates[0]))
            throw new DllNotFoundException($"{PathVariable} is set to {pathVariable}, where {FileName} is not: point it at the file or its directory, or unset it to use the copy ./setup.sh extracts.");

        foreach (var path in candidates)
        {
            if (!File.Exists(path))
                continue;
            try
            {
                return NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                // A file that exists but does not load (wrong architecture, missing libstdc++) needs its own explanation.
                throw new DllNotFoundException($"{path} exists but could not be loaded ({e.Message}); {NotFoundMessage}", e);
            }
        }

        if (searchSystemPaths && NativeLibrary.TryLoad(FileName, out var handle))
            return handle;
        throw new DllNotFoundException(NotFoundMessage);
    }

    private static string ArchitectureName(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x64",
        Architecture.Arm64 => "arm64",
        _ => architecture.ToString().ToLowerInvariant(),
    };
}
