using System.Runtime.InteropServices;

namespace EdgeSecurity.Cli.Config;

/// <summary>
/// Replaces a file so that readers see the old content or the new, never a part: the new bytes go to a temporary file
/// in the same folder (the target's, for a symlink), are synced to disk, get the original's mode, owner and group, and
/// are renamed over the original.
/// </summary>
internal static partial class AtomicFile
{
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Whether the file's mode allows writing at all: a file made read-only (chmod a-w) is left alone, root or not.</summary>
    public static bool IsWritable(string path) => (File.GetUnixFileMode(path) & AnyWrite) != 0;

    /// <exception cref="IOException">The folder is not writable, the disk is full, or the owner cannot be kept; the original is untouched.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to create files in the folder.</exception>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        // A config that is a symlink (to a managed copy, say) stays one: the file it points to is replaced.
        var full = File.ResolveLinkTarget(Path.GetFullPath(path), returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        var mode = File.GetUnixFileMode(full);
        var (owner, group) = OwnerOf(full);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            if (OwnerOf(temporary) != (owner, group) && chown(temporary, owner, group) != 0)
                throw new IOException($"cannot give the new file the owner {owner}:{group} of the original ({Marshal.GetLastPInvokeErrorMessage()})");
            File.SetUnixFileMode(temporary, mode);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
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
