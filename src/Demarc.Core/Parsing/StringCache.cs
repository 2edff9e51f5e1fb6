using System.Text;

namespace Demarc.Parsing;

/// <summary>
/// Turns short ASCII byte (or char) strings into strings, giving back the same string for the same text while it stays
/// in the cache. Documents repeat their keys and many values (a plan names <c>address</c>, <c>type</c>, <c>after</c>
/// and the same attribute names for every resource; a module repeats <c>resource</c>, <c>bucket</c>, <c>tags</c>,
/// <c>var</c>), so a reader that asks here allocates each of them about once. Direct-mapped
/// (a new string replaces the one in its slot), so a miss costs one hash and no extra allocation. Not thread-safe: one
/// per document being read.
/// </summary>
internal sealed class StringCache
{
    private const int MaxLength = 48;
    private readonly string?[] _slots;

    /// <summary>A cache for a document of about <paramref name="documentBytes"/> bytes: small documents (a policy string
    /// read as JSON) get a small table, so making one costs less than what it saves.</summary>
    public StringCache(int documentBytes = 1 << 16) =>
        _slots = new string?[Math.Clamp((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(documentBytes, 1) / 16), 16, 4096)];

    /// <summary>The string of UTF-8 bytes.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
        {
            return "";
        }

        if (utf8.Length > MaxLength || !Ascii.IsValid(utf8))
        {
            return Encoding.UTF8.GetString(utf8);
        }

        // FNV-1a: short inputs, no set-up cost, and stable, so the same bytes always land in the same slot.
        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        ref var slot = ref Slot(hash);
        if (slot is { } cached && cached.Length == utf8.Length && Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        slot = Encoding.ASCII.GetString(utf8);
        return slot;
    }

    /// <summary>The string of UTF-16 text: the same slot as the same text in UTF-8, and the same rule for what is kept.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
        {
            return "";
        }

        if (text.Length > MaxLength || !Ascii.IsValid(text))
        {
            return new string(text);
        }

        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        ref var slot = ref Slot(hash);
        if (slot is { } cached && text.SequenceEqual(cached))
        {
            return cached;
        }

        slot = new string(text);
        return slot;
    }

    // Bytes and chars of the same ASCII text hash alike, so both land in the same slot.
    private ref string? Slot(uint hash) => ref _slots[(hash ^ (hash >> 16)) & (uint)(_slots.Length - 1)];
}
