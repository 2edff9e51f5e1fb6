using System.Text;

namespace Demarc.Cli.Output;

/// <summary>
/// Collects text and hands it to another writer 64 K characters at a time. <see cref="Console.Out"/> flushes on every
/// call, so a report of 100,000 lines written line by line would make 100,000 system calls; written through this it
/// makes a few hundred. <see cref="Flush"/> (or disposing) passes on the rest; the inner writer is not closed.
/// </summary>
internal sealed class BufferedTextWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly char[] _buffer = new char[64 * 1024];
    private int _count;

    public BufferedTextWriter(TextWriter inner)
        : base(inner.FormatProvider)
    {
        _inner = inner;
        NewLine = inner.NewLine;
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        if (_count == _buffer.Length)
        {
            Spill();
        }

        _buffer[_count++] = value;
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        while (buffer.Length > 0)
        {
            if (_count == _buffer.Length)
            {
                Spill();
            }

            var n = Math.Min(buffer.Length, _buffer.Length - _count);
            buffer[..n].CopyTo(_buffer.AsSpan(_count));
            _count += n;
            buffer = buffer[n..];
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value.AsSpan());
        Write(CoreNewLine);
    }

    public override void Flush()
    {
        Spill();
        _inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void Spill()
    {
        if (_count > 0)
        {
            _inner.Write(_buffer, 0, _count);
            _count = 0;
        }
    }
}
