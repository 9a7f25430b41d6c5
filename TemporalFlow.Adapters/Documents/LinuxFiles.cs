using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TemporalFlow.Adapters.Documents;

/// <summary>
/// What the file store needs from Linux that .NET does not expose: a path with every symbolic link resolved (realpath),
/// the file's type without opening it (statx, whose layout is the same on every architecture), and the path an open
/// handle really points at (/proc/self/fd).
/// </summary>
internal static class LinuxFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;

    public enum Kind
    {
        Missing,
        Regular,
        Other,
    }

    /// <summary>The canonical path (links resolved, absolute), or null when it (or a folder on the way) does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = NativeMethods.realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoSuchFile or NotADirectory ? null : throw new IOException($"Cannot resolve {path}: errno {error}.");
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            NativeMethods.free(resolved);
        }
    }

    /// <summary>The file's type, from its metadata only (a FIFO or device is never opened to find out).</summary>
    public static Kind KindOf(string path)
    {
        var buffer = new byte[256];
        if (NativeMethods.statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
        {
            return Kind.Missing;
        }
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(StatxModeOffset));
        return (mode & 0xF000) == 0x8000 ? Kind.Regular : Kind.Other;
    }

    /// <summary>The path an open file handle refers to.</summary>
    public static string? PathOf(Microsoft.Win32.SafeHandles.SafeFileHandle handle) =>
        new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA2101, CA1401 // plain P/Invoke: no unsafe code in this assembly; UTF-8 is the Unix string marshalling
        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr realpath(string path, IntPtr resolved);

        [DllImport("libc")]
        public static extern void free(IntPtr pointer);

        [DllImport("libc", SetLastError = true)]
        public static extern int statx(int directory, string path, int flags, uint mask, byte[] buffer);
#pragma warning restore SYSLIB1054, CA2101, CA1401
    }
}
