using System.Runtime.InteropServices;

namespace EdgeSecurity.Cli.Config;

/// <summary>
/// Replaces a file so that readers see the old content or the new, never a part: the new bytes go to a temporary file
/// in the same folder (the target's, for a symlink) with the original's owner and group, are synced to disk, get their
/// mode and are renamed over the original. A file that does not exist yet is created the same way.
/// </summary>
internal static partial class AtomicFile
{
    /// <summary>Read and write for the owner alone: for a file that holds a password.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Whether the file's mode allows writing at all: a file made read-only (chmod a-w) is left alone, root or not.</summary>
    public static bool IsWritable(string path) => (File.GetUnixFileMode(path) & AnyWrite) != 0;

    /// <summary>
    /// Proves that <see cref="Replace"/> can get as far as the rename, changing nothing: the temporary file is created
    /// with the original's owner and group, then removed. For callers that spend something that cannot be had back
    /// before they write (enroll's single-use code).
    /// </summary>
    /// <inheritdoc cref="Replace" path="/exception"/>
    public static void CheckReplaceable(string path)
    {
        var target = TargetOf(path);
        var temporary = TemporaryNextTo(target);
        try
        {
            using (CreateTemporary(temporary, target))
            {
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <param name="mode">The mode the file ends with; null keeps the original's (a new file: <see cref="OwnerOnly"/>).</param>
    /// <exception cref="IOException">The folder is missing or not writable, the disk is full, or the owner cannot be kept; the original is untouched.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to create files in the folder.</exception>
    public static void Replace(string path, ReadOnlySpan<byte> content, UnixFileMode? mode = null)
    {
        var target = TargetOf(path);
        var temporary = TemporaryNextTo(target);
        try
        {
            using (var stream = CreateTemporary(temporary, target))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.SetUnixFileMode(temporary, mode ?? (File.Exists(target) ? File.GetUnixFileMode(target) : OwnerOnly));
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>A config that is a symlink (to a managed copy, say) stays one: the file it points to is replaced.</summary>
    private static string TargetOf(string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        return file.LinkTarget is null ? file.FullName : file.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
    }

    private static string TemporaryNextTo(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Readable by the owner alone until it is complete; owned like the target when that exists.</summary>
    private static FileStream CreateTemporary(string temporary, string target)
    {
        var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = OwnerOnly,
        });
        if (File.Exists(target) && OwnerOf(target) is var (owner, group) && OwnerOf(temporary) != (owner, group) && chown(temporary, owner, group) != 0)
        {
            var reason = Marshal.GetLastPInvokeErrorMessage();
            stream.Dispose();
            throw new IOException($"cannot give the new file the owner {owner}:{group} of the original ({reason})");
        }
        return stream;
    }

    private static (uint Owner, uint Group) OwnerOf(string path)
    {
        // struct statx has the same layout on every architecture: stx_uid at byte 20, stx_gid at byte 24, 256 bytes in all.
        Span<byte> buffer = stackalloc byte[256];
        if (statx(AtCurrentDirectory, path, 0, StatxUid | StatxGid, ref MemoryMarshal.GetReference(buffer)) != 0)
            throw new IOException($"cannot read the owner of {path} ({Marshal.GetLastPInvokeErrorMessage()})");
        return (BitConverter.ToUInt32(buffer[20..]), BitConverter.ToUInt32(buffer[24..]));
    }

    private const int AtCurrentDirectory = -100;
    private const uint StatxUid = 0x8;
    private const uint StatxGid = 0x10;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int directory, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chown(string path, uint owner, uint group);
}
