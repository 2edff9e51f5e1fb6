using System.Text;
using Demarc.Cli.Output;

namespace Demarc.Cli.Tests.Output;

public class BufferedTextWriterTests
{
    [Fact]
    public void Write_SmallText_HeldUntilFlush()
    {
        var inner = new StringWriter();
        var buffered = new BufferedTextWriter(inner);
        buffered.Write("abc");
        buffered.Write('d');
        Assert.Equal("", inner.ToString());
        buffered.Flush();
        Assert.Equal("abcd", inner.ToString());
    }

    [Fact]
    public void Dispose_TextLargerThanTheBuffer_EverythingInOrderAndInnerStillOpen()
    {
        var inner = new StringWriter { NewLine = "\n" };
        var expected = new StringBuilder();
        using (var buffered = new BufferedTextWriter(inner))
        {
            Assert.Equal("\n", buffered.NewLine);
            for (var i = 0; i < 20_000; i++)
            {
                var line = $"line {i} é€ " + new string('x', i % 50);
                buffered.WriteLine(line);
                buffered.Write(line.ToCharArray(), 1, 3);
                buffered.Write(line.AsSpan(0, 2));
                buffered.Write('|');
                expected.Append(line).Append('\n').Append(line, 1, 3).Append(line, 0, 2).Append('|');
            }

            buffered.Write(new string('y', 200_000));
            expected.Append('y', 200_000);
        }

        Assert.Equal(expected.ToString(), inner.ToString());
        inner.Write("!");
        Assert.EndsWith("y!", inner.ToString(), StringComparison.Ordinal);
    }
}
