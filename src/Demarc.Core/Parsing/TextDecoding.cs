using System.Text;

namespace Demarc.Parsing;

/// <summary>Turns bytes into text, rejecting invalid UTF-8 with the line and column of the first bad byte.</summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 (a BOM is skipped), enforcing the size limit first.</summary>
    /// <exception cref="ParseException">The input is too large or is not valid UTF-8.</exception>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, ParseLimits limits)
    {
        CheckSize(bytes, limits);
        bytes = WithoutBom(bytes);
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = Math.Max(0, ex.Index);
            var valid = Encoding.UTF8.GetString(bytes[..FindInvalidOffset(bytes, offset)]);
            var line = 1 + valid.Count(c => c == '\n');
            var column = valid.Length - (valid.LastIndexOf('\n') + 1) + 1;
            throw new ParseException("the file is not valid UTF-8 text", new TextPosition(line, column), "encoding");
        }
    }

    /// <summary>
    /// Decodes UTF-8 (a BOM is skipped) into a buffer the caller owns, of at least as many chars as there are bytes,
    /// enforcing the size limit first; returns the number of chars written.
    /// </summary>
    /// <exception cref="ParseException">The input is too large or is not valid UTF-8.</exception>
    public static int DecodeUtf8(ReadOnlySpan<byte> bytes, ParseLimits limits, Span<char> destination)
    {
        CheckSize(bytes, limits);
        if (System.Text.Unicode.Utf8.ToUtf16(WithoutBom(bytes), destination, out _, out var written, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done)
        {
            return written;
        }

        // Invalid UTF-8 (a destination too small is the caller's error, and is reported by the same path as a bug):
        // the string decoder finds the position and throws.
        DecodeUtf8(bytes, limits);
        throw new ArgumentException("the destination is smaller than the input", nameof(destination));
    }

    /// <summary>Checks the size limit and that the bytes are valid UTF-8, without decoding them.</summary>
    /// <exception cref="ParseException">The input is too large or is not valid UTF-8 (with the line and column of the first bad byte).</exception>
    public static void ValidateUtf8(ReadOnlySpan<byte> bytes, ParseLimits limits)
    {
        CheckSize(bytes, limits);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            DecodeUtf8(bytes, limits);
        }
    }

    private static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;

    private static void CheckSize(ReadOnlySpan<byte> bytes, ParseLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (bytes.Length > limits.MaxBytes)
        {
            throw new ParseException(
                $"the file is {bytes.Length:N0} bytes, more than the limit of {limits.MaxBytes:N0} bytes",
                new TextPosition(0, 0),
                "too-large");
        }
    }

    // DecoderFallbackException.Index is relative to the decoder's internal buffer; find the real offset by scanning.
    private static int FindInvalidOffset(ReadOnlySpan<byte> bytes, int hint)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.InvalidData ? read : Math.Min(hint, bytes.Length);
    }
}
