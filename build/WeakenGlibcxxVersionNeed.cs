// MSBuild inline task (RoslynCodeTaskFactory, compiled against netstandard2.0). See docs/torchsharp-on-debian12.md.
//
// TorchSharp 0.107.0's libLibTorchSharp.so lists a version need GLIBCXX_3.4.32 (libstdc++ of
// GCC 13+) for a single marker symbol it never calls. On systems whose libstdc++ lacks that
// version (Debian 12 ships GLIBCXX_3.4.30) the dynamic loader refuses the library. This task
// sets VER_FLG_WEAK on that one version-need entry in the build-output copy, so the loader
// accepts it; lazy binding never resolves the unused marker. The NuGet cache is not touched,
// and nothing is changed where the system's libstdc++ already provides the version.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenGlibcxxVersionNeed : Task
{
    [Required] public string Directory { get; set; } = "";
    public string VersionName { get; set; } = "GLIBCXX_3.4.32";

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    private static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib64/libstdc++.so.6",
    };

    public override bool Execute()
    {
        if (Environment.OSVersion.Platform != PlatformID.Unix || !System.IO.Directory.Exists(Directory)) return true;
        if (SystemLibStdCxxHas(VersionName)) return true;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            try
            {
                if (Patch(file)) Log.LogMessage(MessageImportance.High, $"Marked {VersionName} weak in {file}");
            }
            catch (Exception e)
            {
                Log.LogWarning($"Could not patch {file}: {e.Message}");
            }
        }
        return true;
    }

    private static bool SystemLibStdCxxHas(string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var path in LibStdCxxCandidates)
        {
            if (!File.Exists(path)) continue;
            var bytes = File.ReadAllBytes(path);
            return IndexOf(bytes, needle) >= 0;
        }
        return true; // no libstdc++ found where expected: leave the file alone
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    /// <summary>Returns true when the flag was changed (false when already weak or absent).</summary>
    private bool Patch(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
            return false; // not a little-endian ELF64
        ulong shoff = BitConverter.ToUInt64(elf, 0x28);
        ushort shentsize = BitConverter.ToUInt16(elf, 0x3A);
        ushort shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            int sh = checked((int)(shoff + (ulong)(i * shentsize)));
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            int link = (int)BitConverter.ToUInt32(elf, sh + 40);
            int strtab = checked((int)BitConverter.ToUInt64(elf, checked((int)(shoff + (ulong)(link * shentsize))) + 24));
            int need = checked((int)BitConverter.ToUInt64(elf, sh + 24));
            while (true)
            {
                ushort count = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < count; a++)
                {
                    int nameOffset = strtab + (int)BitConverter.ToUInt32(elf, aux + 8);
                    int end = Array.IndexOf(elf, (byte)0, nameOffset);
                    string name = Encoding.ASCII.GetString(elf, nameOffset, end - nameOffset);
                    if (name == VersionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlagWeak) != 0) return false;
                        ushort weak = (ushort)(flags | VerFlagWeak);
                        elf[aux + 4] = (byte)(weak & 0xff);
                        elf[aux + 5] = (byte)(weak >> 8);
                        var temp = path + ".patching";
                        File.WriteAllBytes(temp, elf);
                        File.Copy(temp, path, true);
                        File.Delete(temp);
                        return true;
                    }
                    uint nextAux = BitConverter.ToUInt32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += (int)nextAux;
                }
                uint next = BitConverter.ToUInt32(elf, need + 12);
                if (next == 0) break;
                need += (int)next;
            }
        }
        return false;
    }
}
