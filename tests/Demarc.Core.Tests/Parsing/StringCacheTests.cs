using System.Text;
using Demarc.Parsing;

namespace Demarc.Core.Tests.Parsing;

public class StringCacheTests
{
    [Fact]
    public void Get_SameText_GivesTheSameStringFromBytesOrChars()
    {
        var cache = new StringCache(1 << 16);
        var fromChars = cache.Get("bucket".AsSpan());
        Assert.Equal("bucket", fromChars);
        Assert.Same(fromChars, cache.Get("bucket".AsSpan()));
        Assert.Same(fromChars, cache.Get("bucket"u8));
        Assert.Same(cache.Get("tags"u8), cache.Get("tags".AsSpan()));
    }

    [Fact]
    public void Get_TextNotKept_IsStillExact()
    {
        var cache = new StringCache(16);
        var long1 = new string('x', 200);
        Assert.Equal(long1, cache.Get(long1.AsSpan()));
        Assert.NotSame(cache.Get(long1.AsSpan()), cache.Get(long1.AsSpan()));
        Assert.Equal("héllo", cache.Get("héllo".AsSpan()));
        Assert.Equal("héllo", cache.Get(Encoding.UTF8.GetBytes("héllo")));
        Assert.Same("", cache.Get(ReadOnlySpan<char>.Empty));
    }

    [Fact]
    public void Get_ManyDistinctStrings_EachComesBackRight()
    {
        // More strings than slots: collisions replace entries, and never give back another text.
        var cache = new StringCache(16);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 5000; i++)
            {
                var text = "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(text, cache.Get(text.AsSpan()));
                Assert.Equal(text, cache.Get(Encoding.ASCII.GetBytes(text)));
            }
        }
    }

    [Fact]
    public void DecodeUtf8_IntoABuffer_MatchesTheStringDecoderAndItsErrors()
    {
        var text = "a = \"é\"\n# ✓\n";
        var buffer = new char[64];
        buffer.AsSpan().Fill('?');
        var written = TextDecoding.DecodeUtf8([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)], ParseLimits.Default, buffer);
        Assert.Equal(text, new string(buffer, 0, written));

        byte[] bad = [.. Encoding.UTF8.GetBytes("ok\nab"), 0xFF, (byte)'c'];
        var fromString = Assert.Throws<ParseException>(() => TextDecoding.DecodeUtf8(bad, ParseLimits.Default));
        var fromBuffer = Assert.Throws<ParseException>(() => TextDecoding.DecodeUtf8(bad, ParseLimits.Default, buffer));
        Assert.Equal(fromString.Position, fromBuffer.Position);
        Assert.Equal(new TextPosition(2, 3), fromBuffer.Position);
        Assert.Equal("encoding", fromBuffer.Rule);

        var tooLarge = Assert.Throws<ParseException>(() => TextDecoding.DecodeUtf8(new byte[100], ParseLimits.Default with { MaxBytes = 10 }, buffer));
        Assert.Equal("too-large", tooLarge.Rule);
    }
}
