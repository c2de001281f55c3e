using System.Runtime.InteropServices;
using EdgeSecurity.Bindings.OnnxRuntime.Native;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

public sealed class NativeLibraryLocatorTests
{
    [Fact]
    public void The_environment_variable_comes_first_and_may_name_a_directory()
    {
        using var directory = new TempDirectory();

        var first = NativeLibraryLocator.CandidatePaths(directory.Path, "/nowhere", Architecture.X64).First();

        Assert.Equal(Path.Combine(directory.Path, "libonnxruntime.so.1"), first);
    }

    [Fact]
    public void The_repository_copy_is_found_above_the_application_directory_for_its_architecture()
    {
        using var repository = new TempDirectory();
        var library = repository.Combine(".native/onnxruntime/linux-arm64/libonnxruntime.so.1");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.WriteAllBytes(library, []);
        var application = Directory.CreateDirectory(repository.Combine("tests/X/bin/Release/net10.0")).FullName;

        var candidates = NativeLibraryLocator.CandidatePaths(null, application, Architecture.Arm64).ToList();

        Assert.Equal([library, Path.Combine(application, "libonnxruntime.so.1")], candidates);
    }

    [Fact]
    public void Nothing_found_is_one_sentence_saying_what_to_do()
    {
        using var empty = new TempDirectory();

        var error = Assert.Throws<DllNotFoundException>(() => NativeLibraryLocator.Load(null, empty.Path, Architecture.X64, searchSystemPaths: false));

        Assert.Equal(
            "libonnxruntime.so.1 was not found: run ./setup.sh, which extracts it from the npm package onnxruntime-node, or set EDGESECURITY_ORT_PATH.",
            error.Message);
    }

    [Fact]
    public void A_variable_pointing_nowhere_does_not_fall_back_quietly()
    {
        using var empty = new TempDirectory();

        var error = Assert.Throws<DllNotFoundException>(
            () => NativeLibraryLocator.Load(empty.Combine("missing.so"), RepositoryLayout.Root, Architecture.X64, searchSystemPaths: true));

        Assert.StartsWith($"EDGESECURITY_ORT_PATH is set to {empty.Combine("missing.so")}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_library_is_reported_as_such()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("libonnxruntime.so.1"), "not an ELF file");

        var error = Assert.Throws<DllNotFoundException>(() => NativeLibraryLocator.Load(directory.Path, "/nowhere", Architecture.X64, searchSystemPaths: false));

        Assert.Contains("exists but could not be loaded", error.Message, StringComparison.Ordinal);
    }
}
