using System.Text.Json;

namespace Demarc.Parsing;

/// <summary>A JSON document and the problems that did not stop reading.</summary>
public sealed record JsonReadResult(SyntaxNode Document, IReadOnlyList<ParseWarning> Warnings);

/// <summary>
/// Reads JSON into <see cref="SyntaxNode"/> trees with 1-based line and column positions, from
/// <see cref="Utf8JsonReader"/> over the raw bytes (no intermediate string). Strict JSON (no comments, no trailing
/// commas); the size, depth and UTF-8 limits of <see cref="ParseLimits"/>; duplicate keys are reported and the first
/// value wins, as in <see cref="YamlTreeReader"/>.
/// </summary>
public static class JsonTreeReader
{
    /// <summary>Reads one JSON document (a UTF-8 byte order mark is skipped).</summary>
    /// <exception cref="ParseException">Too large, not UTF-8, nested too deep, or not valid JSON.</exception>
    public static JsonReadResult Read(ReadOnlyMemory<byte> bytes, ParseLimits? limits = null)
    {
        limits ??= ParseLimits.Default;
        TextDecoding.ValidateUtf8(bytes.Span, limits);
        if (bytes.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var state = new State(bytes, limits);
        var reader = new Utf8JsonReader(bytes.Span, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,

            // Depth is checked below with our own message; the reader's own limit only has to be out of the way.
            MaxDepth = limits.MaxDepth + 2,
        });
        try
        {
            if (!reader.Read())
            {
                throw new ParseException("the file is empty", new TextPosition(1, 1), "syntax");
            }

            var document = ReadValue(ref reader, state, depth: 1);
            if (reader.Read())
            {
                throw new ParseException("unexpected text after the end of the JSON document", state.Position(reader.TokenStartIndex), "syntax");
            }

            return new JsonReadResult(document, state.Warnings);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = state.ColumnOnLine(line, ex.BytePositionInLine ?? 0);
            throw new ParseException(Describe(ex), new TextPosition(line, column), "syntax");
        }
    }

    private static SyntaxNode ReadValue(ref Utf8JsonReader reader, State state, int depth)
    {
        var start = state.Position(reader.TokenStartIndex);
        if (depth > state.Limits.MaxDepth)
        {
            throw new ParseException($"nesting deeper than {state.Limits.MaxDepth} levels", start, "too-deep");
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var entries = state.EntriesAt(depth);
                HashSet<string>? seen = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyStart = state.Position(reader.TokenStartIndex);
                    var key = new ScalarNode(keyStart, null, state.Text(ref reader), isPlain: false);
                    reader.Read();
                    var value = ReadValue(ref reader, state, depth + 1);
                    if (!IsNew(entries, ref seen, key.Value))
                    {
                        state.Warnings.Add(new ParseWarning(keyStart, "duplicate-key", $"duplicate key '{key.Value}': the first value is kept"));
                        continue;
                    }

                    entries.Add(new MappingEntry(key, value));
                }

                var mapping = new MappingNode(start, null, entries.ToArray());
                entries.Clear();
                return mapping;
            }

            case JsonTokenType.StartArray:
            {
                var items = state.ItemsAt(depth);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, state, depth + 1));
                }

                var sequence = new SequenceNode(start, null, items.ToArray());
                items.Clear();
                return sequence;
            }

            case JsonTokenType.String:
                return new ScalarNode(start, null, state.Text(ref reader), isPlain: false);
            case JsonTokenType.Number:
                return new ScalarNode(start, null, state.Strings.Get(reader.ValueSpan), isPlain: true);
            case JsonTokenType.True:
                return new ScalarNode(start, null, "true", isPlain: true);
            case JsonTokenType.False:
                return new ScalarNode(start, null, "false", isPlain: true);
            case JsonTokenType.Null:
                return new ScalarNode(start, null, "null", isPlain: true);
            default:
                throw new ParseException($"unexpected JSON token {reader.TokenType}", start, "syntax");
        }
    }

    // Small objects (the usual case) are checked by a linear scan; larger ones get a set.
    private static bool IsNew(List<MappingEntry> entries, ref HashSet<string>? seen, string key)
    {
        if (seen is null)
        {
            foreach (var entry in entries)
            {
                if (entry.Key.Value == key)
                {
                    return false;
                }
            }

            if (entries.Count >= 16)
            {
                seen = new HashSet<string>(entries.Select(e => e.Key.Value), StringComparer.Ordinal);
                seen.Add(key);
            }

            return true;
        }

        return seen.Add(key);
    }

    // Utf8JsonReader messages end with "LineNumber: 3 | BytePositionInLine: 14."; the position is reported separately.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        message = message.Replace("Change the reader options.", "", StringComparison.Ordinal).Trim().TrimEnd('.');
        return message.Length == 0 ? "not valid JSON" : "not valid JSON: " + char.ToLowerInvariant(message[0]) + message[1..];
    }

    /// <summary>Turns byte offsets (which only grow while reading) into line and column, counting characters, not bytes.</summary>
    private sealed class State(ReadOnlyMemory<byte> bytes, ParseLimits limits)
    {
        private readonly ReadOnlyMemory<byte> _bytes = bytes;
        private long _offset;
        private int _line = 1;
        private int _column = 1;

        public ParseLimits Limits { get; } = limits;

        public List<ParseWarning> Warnings { get; } = [];

        public StringCache Strings { get; } = new(bytes.Length);

        // One list per depth, reused for every object (or array) at that depth: each node keeps an exact-size copy, so
        // reading allocates no growing lists and the tree holds no unused capacity.
        private readonly List<List<MappingEntry>> _entries = [];
        private readonly List<List<SyntaxNode>> _items = [];

        public List<MappingEntry> EntriesAt(int depth) => At(_entries, depth);

        public List<SyntaxNode> ItemsAt(int depth) => At(_items, depth);

        // The text of a string token or key: short unescaped ones from the cache (keys and values repeat), others decoded.
        public string Text(ref Utf8JsonReader reader) => reader.ValueIsEscaped ? reader.GetString()! : Strings.Get(reader.ValueSpan);

        private static List<T> At<T>(List<List<T>> lists, int depth)
        {
            while (lists.Count <= depth)
            {
                lists.Add([]);
            }

            return lists[depth];
        }

        public TextPosition Position(long offset)
        {
            if (offset < _offset)
            {
                // Not expected (offsets grow); recount from the start rather than give a wrong answer.
                _offset = 0;
                _line = 1;
                _column = 1;
            }

            var span = _bytes.Span.Slice((int)_offset, (int)(offset - _offset));
            var newline = span.LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                _line += span.Count((byte)'\n');
                _column = 1 + CountCharacters(span[(newline + 1)..]);
            }
            else
            {
                _column += CountCharacters(span);
            }

            _offset = offset;
            return new TextPosition(_line, _column);
        }

        // The column of a byte position on a 1-based line, for the reader's own error positions.
        public int ColumnOnLine(int line, long bytePosition)
        {
            var span = _bytes.Span;
            var start = 0;
            for (var current = 1; current < line; current++)
            {
                var next = span[start..].IndexOf((byte)'\n');
                if (next < 0)
                {
                    break;
                }

                start += next + 1;
            }

            var length = (int)Math.Min(bytePosition, span.Length - start);
            return 1 + CountCharacters(span.Slice(start, Math.Max(0, length)));
        }

        // UTF-8 continuation bytes (10xxxxxx) do not start a character.
        private static int CountCharacters(ReadOnlySpan<byte> span)
        {
            if (!span.ContainsAnyInRange((byte)0x80, (byte)0xFF))
            {
                return span.Length;
            }

            var count = 0;
            foreach (var b in span)
            {
                if ((b & 0xC0) != 0x80)
                {
                    count++;
                }
            }

            return count;
        }
    }
}
