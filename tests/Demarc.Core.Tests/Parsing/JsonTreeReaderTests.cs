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

    [Fact]
    public void Read_RepeatedKeysAndValues_KeepEveryTextExactly()
    {
        // Keys and short values go through a cache of decoded strings: repeated, escaped, non-ASCII, long and many
        // distinct texts (more than the cache has slots, so slots are replaced) must all come back as written.
        var items = Enumerable.Range(0, 6000).Select(i => $"{{\"key{i % 7}\": \"v{i}\", \"type\": \"aws_s3_bucket\", \"n\": {i}}}");
        var json = "{\"items\": [" + string.Join(",", items) + "], \"esc\": \"a\\u0062c\\n\", \"ü\": \"grün\", \"long\": \"" + new string('x', 300) + "\", \"\": \"\"}";

        var root = (MappingNode)Read(json).Document;

        var list = ((SequenceNode)root["items"]!).Items;
        Assert.Equal(6000, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var item = (MappingNode)list[i];
            Assert.Equal($"key{i % 7}", item.Entries[0].Key.Value);
            Assert.Equal($"v{i}", ((ScalarNode)item.Entries[0].Value).Value);
            Assert.Equal("aws_s3_bucket", ((ScalarNode)item["type"]!).Value);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ((ScalarNode)item["n"]!).Value);
            Assert.True(((ScalarNode)item["n"]!).IsPlain);
        }

        Assert.Equal("abc\n", ((ScalarNode)root["esc"]!).Value);
        Assert.Equal("grün", ((ScalarNode)root["ü"]!).Value);
        Assert.Equal(new string('x', 300), ((ScalarNode)root["long"]!).Value);
        Assert.Equal("", ((ScalarNode)root[""]!).Value);
    }

    [Fact]
    public void Read_NestedObjectsAndArrays_KeepTheirOwnEntries()
    {
        // Each depth reuses one list while reading: siblings and nested levels must not see each other's entries.
        var json = "{\"a\": {\"b\": [1, [2, 3], {\"c\": [], \"d\": {}}], \"e\": [4]}, \"f\": [[], [5, 6, 7]]}";

        var root = (MappingNode)Read(json).Document;

        Assert.Equal(["a", "f"], root.Entries.Select(e => e.Key.Value));
        var a = (MappingNode)root["a"]!;
        Assert.Equal(["b", "e"], a.Entries.Select(e => e.Key.Value));
        var b = ((SequenceNode)a["b"]!).Items;
        Assert.Equal(3, b.Count);
        Assert.Equal(["2", "3"], ((SequenceNode)b[1]).Items.Select(n => ((ScalarNode)n).Value));
        var inner = (MappingNode)b[2];
        Assert.Empty(((SequenceNode)inner["c"]!).Items);
        Assert.Empty(((MappingNode)inner["d"]!).Entries);
        Assert.Equal(["4"], ((SequenceNode)a["e"]!).Items.Select(n => ((ScalarNode)n).Value));
        var f = ((SequenceNode)root["f"]!).Items;
        Assert.Empty(((SequenceNode)f[0]).Items);
        Assert.Equal(["5", "6", "7"], ((SequenceNode)f[1]).Items.Select(n => ((ScalarNode)n).Value));
    }
}
