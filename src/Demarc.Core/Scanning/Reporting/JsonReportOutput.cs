using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Demarc.Scanning.Reporting;

/// <summary>
/// Writes a JSON report (indented, <c>\n</c> line ends, relaxed escaping, a final newline) to a <see cref="TextWriter"/>
/// as it is produced, 64 KB at a time, as text or as bytes: a 10,000-resource scan writes tens of megabytes, which must not be built as
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
        ArgumentNullException.ThrowIfNull(output);
        Write(new TextWriterSink(output), write);
        output.Write('\n');
    }

    /// <summary>
    /// Runs <paramref name="write"/> on a JSON writer whose UTF-8 bytes go straight to <paramref name="output"/> (a file,
    /// standard output), then ends the line: no decoding to text and encoding back.
    /// </summary>
    public static void Write(Stream output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        Write(new StreamSink(output), write);
        output.WriteByte((byte)'\n');
        output.Flush();
    }

    private static void Write(ChunkSink sink, Action<Utf8JsonWriter> write)
    {
        using (sink)
        {
            using (var json = new Utf8JsonWriter(sink, Options))
            {
                write(json);
            }

            sink.Complete();
        }
    }

    /// <summary>A buffer the JSON writer fills; each full chunk is handed on and the buffer reused.</summary>
    private abstract class ChunkSink : IBufferWriter<byte>, IDisposable
    {
        private const int ChunkSize = 64 * 1024;
        private byte[] _bytes = ArrayPool<byte>.Shared.Rent(ChunkSize);
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

        /// <summary>Hands on what is left.</summary>
        public void Complete()
        {
            Drain(_bytes, _count, final: true);
            _count = 0;
        }

        public virtual void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }

        /// <summary>Hands on <paramref name="count"/> bytes; <paramref name="final"/> on the last call.</summary>
        protected abstract void Drain(byte[] bytes, int count, bool final);

        private void Reserve(int sizeHint)
        {
            sizeHint = Math.Max(sizeHint, 1);
            if (_bytes.Length - _count >= sizeHint && _count < ChunkSize / 2)
            {
                return;
            }

            Drain(_bytes, _count, final: false);
            _count = 0;
            if (_bytes.Length < sizeHint)
            {
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = ArrayPool<byte>.Shared.Rent(sizeHint);
            }
        }
    }

    /// <summary>Bytes as they are, to a stream.</summary>
    private sealed class StreamSink(Stream output) : ChunkSink
    {
        protected override void Drain(byte[] bytes, int count, bool final) => output.Write(bytes, 0, count);
    }

    /// <summary>Chunks decoded (UTF-8, a character split between chunks kept for the next) and written as text.</summary>
    private sealed class TextWriterSink(TextWriter output) : ChunkSink
    {
        private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        private char[] _chars = ArrayPool<char>.Shared.Rent(64 * 1024);

        public override void Dispose()
        {
            base.Dispose();
            ArrayPool<char>.Shared.Return(_chars);
            _chars = [];
        }

        protected override void Drain(byte[] bytes, int count, bool final)
        {
            var needed = _decoder.GetCharCount(bytes, 0, count, final);
            if (_chars.Length < needed)
            {
                ArrayPool<char>.Shared.Return(_chars);
                _chars = ArrayPool<char>.Shared.Rent(needed);
            }

            var chars = _decoder.GetChars(bytes, 0, count, _chars, 0, final);
            output.Write(_chars, 0, chars);
        }
    }
}
