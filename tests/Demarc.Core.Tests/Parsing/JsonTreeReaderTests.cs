using System.Text;
using Demarc.Parsing;

namespace Demarc.Core.Tests.Parsing;

public class JsonTreeReaderTests
{
    private static JsonReadResult Read(string json, ParseLimits? limits = null) => JsonTreeReader.Read(Encoding.UTF8.GetBytes(json), limits);

    [Fact]
    public void Read_NestedDocument_KeepsLineAndColumnOfKeysAndValues()
    {
        var json = "{\n  \"Resources\": {\n    \"Bucket\": { \"Type\": \"AWS::S3::Bucket\" }\n  }\n}";

        var root = (MappingNode)Read(json).Document;

        var resources = (MappingNode)root["Resources"]!;
        Assert.Equal(new TextPosition(2, 3), root.Entries[0].Key.Start);
        Assert.Equal(new TextPosition(2, 16), resources.Start);
        var bucket = resources.Entries[0];
        Assert.Equal(new TextPosition(3, 5), bucket.Key.Start);
        var type = ((MappingNode)bucket.Value).Entries[0];
        Assert.Equal(new TextPosition(3, 17), type.Key.Start);
        Assert.Equal(new TextPosition(3, 25), type.Value.Start);
        Assert.Equal("AWS::S3::Bucket", ((ScalarNode)type.Value).Value);
    }

    [Fact]
    public void Read_MultiByteCharacters_CountsColumnsInCharacters()
    {
        var root = (MappingNode)Read("{\"a\": \"ééé\", \"b\": 1}").Document;

        // "b" follows {"a": "ééé", : 13 characters, though the é's take two bytes each.
        Assert.Equal(new TextPosition(1, 14), root.Entries[1].Key.Start);
    }

    [Fact]
    public void Read_Literals_AreKeptAsPlainScalarsAndStringsAsQuoted()
    {
        var root = (MappingNode)Read("{\"n\": 12.5e3, \"t\": true, \"f\": false, \"z\": null, \"s\": \"true\"}").Document;

        Assert.Equal(["12.5e3", "true", "false", "null", "true"], root.Entries.Select(e => ((ScalarNode)e.Value).Value));
        Assert.Equal([true, true, true, true, false], root.Entries.Select(e => ((ScalarNode)e.Value).IsPlain));
        Assert.True(((ScalarNode)root["z"]!).IsNull);
    }

    [Fact]
    public void Read_DuplicateKey_WarnsAtTheSecondKeyAndKeepsTheFirstValue()
    {
        var result = Read("{\n\"a\": 1,\n\"a\": 2\n}");

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("duplicate-key", warning.Rule);
        Assert.Equal(new TextPosition(3, 1), warning.Position);
        Assert.Equal("1", ((ScalarNode)((MappingNode)result.Document)["a"]!).Value);
    }

    [Fact]
    public void Read_ByteOrderMark_IsSkipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"a\": 1}")).ToArray();

        var root = (MappingNode)JsonTreeReader.Read(bytes).Document;

        Assert.Equal(new TextPosition(1, 2), root.Entries[0].Key.Start);
    }

    [Theory]
    [InlineData("{\n  \"a\": 1,\n  \"b\": \n}", 4, 1)]
    [InlineData("{\"a\": 1,}", 1, 9)]
    [InlineData("{\"a\" 1}", 1, 6)]
    [InlineData("{\"a\": 1} trailing", 1, 10)]
    public void Read_Malformed_ThrowsWithLineAndColumn(string json, int line, int column)
    {
        var ex = Assert.Throws<ParseException>(() => Read(json));

        Assert.Equal("syntax", ex.Rule);
        Assert.Equal(new TextPosition(line, column), ex.Position);
        Assert.StartsWith("not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Empty_ThrowsPlainMessage()
    {
        var ex = Assert.Throws<ParseException>(() => Read("   "));

        Assert.Equal("syntax", ex.Rule);
    }

    [Fact]
    public void Read_NestingDeeperThanLimit_ThrowsTooDeep()
    {
        var json = new string('[', 30) + new string(']', 30);

        var ex = Assert.Throws<ParseException>(() => Read(json, new ParseLimits { MaxDepth = 20 }));

        Assert.Equal("too-deep", ex.Rule);
        Assert.Equal(new TextPosition(1, 21), ex.Position);
        Assert.Contains("20 levels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestingWithinLimit_Reads()
    {
        var json = new string('[', 20) + new string(']', 20);

        Assert.IsType<SequenceNode>(Read(json, new ParseLimits { MaxDepth = 20 }).Document);
    }

    [Fact]
    public void Read_LargerThanLimit_ThrowsTooLarge()
    {
        var ex = Assert.Throws<ParseException>(() => Read("{\"a\": \"" + new string('x', 200) + "\"}", new ParseLimits { MaxBytes = 100 }));

        Assert.Equal("too-large", ex.Rule);
        Assert.Contains("limit of 100 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_ThrowsEncodingWithPosition()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"a\": \"xy").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        var ex = Assert.Throws<ParseException>(() => JsonTreeReader.Read(bytes));

        Assert.Equal("encoding", ex.Rule);
        Assert.Equal(new TextPosition(2, 11), ex.Position);
    }
}
