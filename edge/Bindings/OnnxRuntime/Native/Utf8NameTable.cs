using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeSecurity.Bindings.OnnxRuntime.Native;

/// <summary>
/// A session's input or output names as the <c>const char* const*</c> array Run takes. Built once per session on the
/// pinned object heap, so a run neither encodes nor pins anything.
/// </summary>
internal sealed unsafe class Utf8NameTable
{
    private readonly byte[] _text;
    private readonly nint[] _pointers;

    public Utf8NameTable(IEnumerable<string> names)
    {
        var encoded = names.Select(name => Encoding.UTF8.GetBytes(name + '\0')).ToArray();
        _text = GC.AllocateUninitializedArray<byte>(encoded.Sum(bytes => bytes.Length), pinned: true);
        _pointers = GC.AllocateArray<nint>(encoded.Length, pinned: true);
        var offset = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i].CopyTo(_text, offset);
            _pointers[i] = (nint)Unsafe.AsPointer(ref _text[offset]);
            offset += encoded[i].Length;
        }
    }

    public int Count => _pointers.Length;

    public byte** Pointers => (byte**)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_pointers));
}
