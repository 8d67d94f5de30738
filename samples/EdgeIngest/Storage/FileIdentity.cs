using System;
using System.IO;
using System.Runtime.InteropServices;

namespace EdgeIngest.Storage;

/// <summary>
/// Which file is at a path: its inode on Linux (<c>statx</c>), so a file that was replaced (a restored backup,
/// a copy moved into place) is told apart from the one opened before, whatever its timestamps. Elsewhere only
/// "present or not" is known (0 for any present file).
/// </summary>
internal static class FileIdentity
{
    private const int AtFdCwd = -100;
    private const uint StatxIno = 0x100;
    private const int StatxSize = 256;
    private const int InodeOffset = 32;
    private static bool _unsupported = !OperatingSystem.IsLinux();

    [ThreadStatic]
    private static byte[]? _buffer;

    /// <summary>Null when no file is at <paramref name="path"/>; otherwise its identity (0 when the platform tells none).</summary>
    public static long? Of(string path)
    {
        if (!_unsupported)
        {
            var buffer = _buffer ??= new byte[StatxSize];
            try
            {
                if (NativeMethods.statx(AtFdCwd, path, 0, StatxIno, buffer) == 0)
                {
                    return BitConverter.ToInt64(buffer, InodeOffset);
                }

                return File.Exists(path) ? 0 : null;
            }
            catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
            {
                _unsupported = true;
            }
        }

        return File.Exists(path) ? 0 : null;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int statx(int dirfd, string pathname, int flags, uint mask, [Out] byte[] statxbuf);
    }
}
