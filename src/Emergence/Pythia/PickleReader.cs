using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Emergence.Pythia;

/// <summary>A Python global named in a pickle (<c>module.name</c>), not resolved to anything.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A call of a global that the reader does not interpret, with the state BUILD gave it.</summary>
internal sealed class PickleCall(PickleGlobal function, object?[] args)
{
    public PickleGlobal Function { get; } = function;
    public object?[] Args { get; } = args;
    public object? State { get; set; }
}

/// <summary>
/// A small interpreter for the pickle opcodes that <c>torch.save</c> writes (protocols 2 to 4).
/// It builds plain data (dictionaries, lists, tuples as object arrays, strings, integers,
/// floats) and never runs anything: a call (REDUCE) of a global goes to a caller-supplied
/// function that may return a value, otherwise it becomes a <see cref="PickleCall"/>.
/// Persistent ids go to another caller-supplied function.
/// </summary>
internal sealed class PickleReader(Func<PickleGlobal, object?[], object?> reduce, Func<object?, object?> persistentLoad)
{
    private static readonly object Mark = new();

    public object? Load(Stream input, string file)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        using var reader = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
        try
        {
            while (true)
            {
                byte op = reader.ReadByte();
                switch (op)
                {
                    case 0x80: reader.ReadByte(); break;                                  // PROTO
                    case 0x95: reader.ReadInt64(); break;                                 // FRAME
                    case (byte)'.': return Pop(stack);                                    // STOP
                    case (byte)'}': stack.Add(new Dictionary<object, object?>()); break;  // EMPTY_DICT
                    case (byte)']': stack.Add(new List<object?>()); break;                // EMPTY_LIST
                    case (byte)')': stack.Add(Array.Empty<object?>()); break;             // EMPTY_TUPLE
                    case (byte)'(': stack.Add(Mark); break;                               // MARK
                    case (byte)'N': stack.Add(null); break;                               // NONE
                    case 0x88: stack.Add(true); break;                                    // NEWTRUE
                    case 0x89: stack.Add(false); break;                                   // NEWFALSE
                    case (byte)'J': stack.Add((long)reader.ReadInt32()); break;           // BININT
                    case (byte)'K': stack.Add((long)reader.ReadByte()); break;            // BININT1
                    case (byte)'M': stack.Add((long)reader.ReadUInt16()); break;          // BININT2
                    case 0x8a:                                                            // LONG1
                        {
                            int n = reader.ReadByte();
                            var value = new BigInteger(reader.ReadBytes(n), isUnsigned: false, isBigEndian: false);
                            stack.Add(value >= long.MinValue && value <= long.MaxValue ? (long)value : value);
                            break;
                        }
                    case (byte)'G':                                                       // BINFLOAT
                        stack.Add(BinaryPrimitives.ReadDoubleBigEndian(reader.ReadBytes(8)));
                        break;
                    case (byte)'X': stack.Add(Utf8(reader, reader.ReadInt32())); break;   // BINUNICODE
                    case 0x8c: stack.Add(Utf8(reader, reader.ReadByte())); break;         // SHORT_BINUNICODE
                    case (byte)'U': stack.Add(Latin1(reader, reader.ReadByte())); break;  // SHORT_BINSTRING
                    case (byte)'T': stack.Add(Latin1(reader, reader.ReadInt32())); break; // BINSTRING
                    case (byte)'C': stack.Add(reader.ReadBytes(reader.ReadByte())); break; // SHORT_BINBYTES
                    case (byte)'B': stack.Add(reader.ReadBytes(reader.ReadInt32())); break; // BINBYTES
                    case (byte)'q': memo[reader.ReadByte()] = Peek(stack); break;         // BINPUT
                    case (byte)'r': memo[reader.ReadUInt32()] = Peek(stack); break;       // LONG_BINPUT
                    case 0x94: memo[memo.Count] = Peek(stack); break;                     // MEMOIZE
                    case (byte)'h': stack.Add(Memo(memo, reader.ReadByte())); break;      // BINGET
                    case (byte)'j': stack.Add(Memo(memo, reader.ReadUInt32())); break;    // LONG_BINGET
                    case (byte)'c':                                                       // GLOBAL
                        stack.Add(new PickleGlobal(Line(reader), Line(reader)));
                        break;
                    case 0x93:                                                            // STACK_GLOBAL
                        {
                            var name = (string)Pop(stack)!;
                            var module = (string)Pop(stack)!;
                            stack.Add(new PickleGlobal(module, name));
                            break;
                        }
                    case (byte)'t': stack.Add(PopToMark(stack).ToArray()); break;         // TUPLE
                    case 0x85: stack.Add(new[] { Pop(stack) }); break;                    // TUPLE1
                    case 0x86: { var b = Pop(stack); var a = Pop(stack); stack.Add(new[] { a, b }); break; }
                    case 0x87: { var c = Pop(stack); var b = Pop(stack); var a = Pop(stack); stack.Add(new[] { a, b, c }); break; }
                    case (byte)'a': { var v = Pop(stack); ((List<object?>)Peek(stack)!).Add(v); break; } // APPEND
                    case (byte)'e': { var items = PopToMark(stack); ((List<object?>)Peek(stack)!).AddRange(items); break; }
                    case (byte)'s': { var v = Pop(stack); var k = Pop(stack)!; Dict(Peek(stack))[k] = v; break; } // SETITEM
                    case (byte)'u':                                                       // SETITEMS
                        {
                            var items = PopToMark(stack);
                            var dict = Dict(Peek(stack));
                            for (int i = 0; i + 1 < items.Count; i += 2) dict[items[i]!] = items[i + 1];
                            break;
                        }
                    case (byte)'R':                                                       // REDUCE
                        {
                            var args = (object?[])Pop(stack)!;
                            var function = (PickleGlobal)Pop(stack)!;
                            stack.Add(reduce(function, args) ?? new PickleCall(function, args));
                            break;
                        }
                    case 0x81:                                                            // NEWOBJ
                        {
                            var args = (object?[])Pop(stack)!;
                            var cls = (PickleGlobal)Pop(stack)!;
                            stack.Add(reduce(cls, args) ?? new PickleCall(cls, args));
                            break;
                        }
                    case (byte)'b':                                                       // BUILD
                        {
                            var state = Pop(stack);
                            if (Peek(stack) is PickleCall call) call.State = state;
                            break; // state of dictionaries (OrderedDict._metadata) is not needed
                        }
                    case (byte)'Q': stack.Add(persistentLoad(Pop(stack))); break;         // BINPERSID
                    default:
                        throw new CheckpointFormatException($"{file}: unsupported pickle opcode 0x{op:x2} at byte {input.Position - 1}.");
                }
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidCastException or ArgumentOutOfRangeException or NullReferenceException)
        {
            throw new CheckpointFormatException($"{file}: malformed pickle ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    private static string Utf8(BinaryReader r, int n) => Encoding.UTF8.GetString(r.ReadBytes(n));
    private static string Latin1(BinaryReader r, int n) => Encoding.Latin1.GetString(r.ReadBytes(n));

    private static string Line(BinaryReader r)
    {
        var sb = new StringBuilder();
        for (char c; (c = (char)r.ReadByte()) != '\n';) sb.Append(c);
        return sb.ToString();
    }

    private static object? Memo(Dictionary<long, object?> memo, long key) =>
        memo.TryGetValue(key, out var v) ? v : throw new ArgumentOutOfRangeException(nameof(key), $"memo key {key} is not set");

    private static Dictionary<object, object?> Dict(object? o) =>
        o as Dictionary<object, object?> ?? throw new InvalidCastException($"SETITEM(S) on a {o?.GetType().Name ?? "null"}");

    private static object? Pop(List<object?> stack)
    {
        if (stack.Count == 0) throw new ArgumentOutOfRangeException(nameof(stack), "pickle stack underflow");
        var v = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return v;
    }

    private static object? Peek(List<object?> stack) =>
        stack.Count > 0 ? stack[^1] : throw new ArgumentOutOfRangeException(nameof(stack), "pickle stack underflow");

    private static List<object?> PopToMark(List<object?> stack)
    {
        int mark = stack.LastIndexOf(Mark);
        if (mark < 0) throw new ArgumentOutOfRangeException(nameof(stack), "pickle MARK missing");
        var items = stack.GetRange(mark + 1, stack.Count - mark - 1);
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }
}
