using System.Text;

namespace Demarc.Parsing;

/// <summary>
/// Turns short ASCII byte strings into strings, giving back the same string for the same bytes while it stays in the
/// cache. Documents repeat their keys and many values (a plan names <c>address</c>, <c>type</c>, <c>after</c> and the
/// same attribute names for every resource), so a reader that asks here allocates each of them about once. Direct-mapped
/// (a new string replaces the one in its slot), so a miss costs one hash and no extra allocation. Not thread-safe: one
/// per document being read.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int MaxLength = 48;
    private readonly string?[] _slots;

    /// <summary>A cache for a document of about <paramref name="documentBytes"/> bytes: small documents (a policy string
    /// read as JSON) get a small table, so making one costs less than what it saves.</summary>
    public Utf8StringCache(int documentBytes = 1 << 16) =>
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

        ref var slot = ref _slots[(hash ^ (hash >> 16)) & (uint)(_slots.Length - 1)];
        if (slot is { } cached && cached.Length == utf8.Length && Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        slot = Encoding.ASCII.GetString(utf8);
        return slot;
    }
}
