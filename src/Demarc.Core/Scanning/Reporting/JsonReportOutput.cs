using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Demarc.Scanning.Reporting;

/// <summary>
/// Writes a JSON report (indented, <c>\n</c> line ends, relaxed escaping, a final newline) to a <see cref="TextWriter"/>
/// as it is produced, 64 KB at a time: a 10,000-resource scan writes tens of megabytes, which must not be built as
/// one byte array, then one string, then a copy of it.
/// </summary>
internal static class JsonReportOutput
{
    /// <summary>The options of every JSON report.</summary>
    public static JsonWriterOptions Options { get; } = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Runs <paramref name="write"/> on a JSON writer whose bytes go to <paramref name="output"/>, then ends the line.</summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var sink = new TextWriterSink(output);
        using (var json = new Utf8JsonWriter(sink, Options))
        {
            write(json);
        }

        sink.Complete();
        output.Write('\n');
    }

    /// <summary>A buffer the JSON writer fills; full chunks are decoded (UTF-8, split characters kept for the next chunk) and written.</summary>
    private sealed class TextWriterSink(TextWriter output) : IBufferWriter<byte>, IDisposable
    {
        private const int ChunkSize = 64 * 1024;
        private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        private byte[] _bytes = ArrayPool<byte>.Shared.Rent(ChunkSize);
        private char[] _chars = ArrayPool<char>.Shared.Rent(ChunkSize);
        private int _count;

        public void Advance(int count) => _count += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _bytes.AsMemory(_count);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _bytes.AsSpan(_count);
        }

        /// <summary>Writes what is left.</summary>
        public void Complete() => Drain(flush: true);

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            ArrayPool<char>.Shared.Return(_chars);
            _bytes = [];
            _chars = [];
        }

        private void Reserve(int sizeHint)
        {
            sizeHint = Math.Max(sizeHint, 1);
            if (_bytes.Length - _count >= sizeHint && _count < ChunkSize / 2)
            {
                return;
            }

            Drain(flush: false);
            if (_bytes.Length < sizeHint)
            {
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = ArrayPool<byte>.Shared.Rent(sizeHint);
            }
        }

        private void Drain(bool flush)
        {
            var needed = _decoder.GetCharCount(_bytes, 0, _count, flush);
            if (_chars.Length < needed)
            {
                ArrayPool<char>.Shared.Return(_chars);
                _chars = ArrayPool<char>.Shared.Rent(needed);
            }

            var chars = _decoder.GetChars(_bytes, 0, _count, _chars, 0, flush);
            output.Write(_chars, 0, chars);
            _count = 0;
        }
    }
}
