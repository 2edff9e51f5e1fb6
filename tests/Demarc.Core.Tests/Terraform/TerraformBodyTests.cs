using System.Globalization;
using System.Text;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Terraform;

/// <summary>
/// How a block body becomes a map (attributes and block groups in document order), how object constructors and
/// <c>merge</c> replace repeated keys, and how templates join: the shapes checks read, pinned independently of how
/// the evaluator builds them.
/// </summary>
public class TerraformBodyTests
{
    private static MapValue Properties(string mainTf, string address = "aws_s3_bucket.b") =>
        Assert.IsType<MapValue>(TempModule.Resource(TempModule.Evaluate(mainTf), address).Properties);

    private static string[] Keys(MapValue map) => [.. map.Entries.Select(e => e.Key)];

    [Fact]
    public void Body_AttributesAndBlocksInterleaved_KeepDocumentOrderWithOneEntryPerBlockTypeAtItsFirstBlock()
    {
        var properties = Properties("""
            resource "aws_s3_bucket" "b" {
              bucket = "logs"
              rule {
                days = 1
              }
              acl = "private"
              rule {
                days = 2
              }
              dynamic "cors_rule" {
                for_each = ["GET", "PUT"]
                content {
                  method = cors_rule.value
                }
              }
              tags = { Team = "a" }
              lifecycle {
                prevent_destroy = true
              }
              depends_on = [aws_s3_bucket.other]
              grant {
                id = "x"
              }
            }

            resource "aws_s3_bucket" "other" {}
            """);

        Assert.Equal(["bucket", "rule", "acl", "cors_rule", "tags", "grant"], Keys(properties));
        Assert.Equal(new TextPosition(3, 3), properties.Entry("rule")!.Value.KeyPosition);
        Assert.Equal(new TextPosition(10, 3), properties.Entry("cors_rule")!.Value.KeyPosition);

        // Two static blocks of one type are a list in document order; one dynamic block gives a list of its contents.
        var rules = Assert.IsType<ListValue>(properties.Get("rule"));
        Assert.Equal(["1", "2"], rules.Values.Select(r => r.Get("days").AsString()));
        var cors = Assert.IsType<ListValue>(properties.Get("cors_rule"));
        Assert.Equal(["GET", "PUT"], cors.Values.Select(r => r.Get("method").AsString()));

        // A single block is a map, at the block's position.
        var grant = Assert.IsType<MapValue>(properties.Get("grant"));
        Assert.Equal(new TextPosition(21, 3), grant.Position);
        Assert.Equal("x", grant.Get("id").AsString());
    }

    [Fact]
    public void Body_StaticAndDynamicBlocksOfOneType_AreOneListAtTheFirstBlock()
    {
        var properties = Properties("""
            resource "aws_security_group" "b" {
              name = "web"
              ingress {
                from_port = 22
              }
              description = "d"
              dynamic "ingress" {
                for_each = [80, 443]
                content {
                  from_port = ingress.value
                }
              }
            }
            """, "aws_security_group.b");

        Assert.Equal(["name", "ingress", "description"], Keys(properties));
        var ingress = Assert.IsType<ListValue>(properties.Get("ingress"));
        Assert.Equal(["22", "80", "443"], ingress.Values.Select(r => r.Get("from_port").AsString()));
    }

    [Fact]
    public void Body_ManyBlockTypes_AreGroupedByTypeInOrderOfFirstAppearance()
    {
        // More block types than the grouping scans before it switches to a map, with repeats after the switch.
        var text = new StringBuilder("resource \"aws_s3_bucket\" \"b\" {\n");
        for (var i = 0; i < 12; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  a{i} = {i}\n  block{i} {{\n    n = {i}\n  }}\n");
        }

        text.Append("  block3 {\n    n = 103\n  }\n  block11 {\n    n = 111\n  }\n  last = true\n}\n");
        var properties = Properties(text.ToString());

        var expected = Enumerable.Range(0, 12).SelectMany(i => new[] { $"a{i}", $"block{i}" }).Append("last");
        Assert.Equal(expected, Keys(properties));
        Assert.Equal(["3", "103"], Assert.IsType<ListValue>(properties.Get("block3")).Values.Select(v => v.Get("n").AsString()));
        Assert.Equal(["11", "111"], Assert.IsType<ListValue>(properties.Get("block11")).Values.Select(v => v.Get("n").AsString()));
        Assert.Equal("5", Assert.IsType<MapValue>(properties.Get("block5")).Get("n").AsString());
    }

    [Fact]
    public void Body_NestedBlocksWithoutAttributes_AreEmptyMapsAtTheirBlocks()
    {
        var properties = Properties("""
            resource "aws_s3_bucket" "b" {
              versioning {}
            }
            """);

        var versioning = Assert.IsType<MapValue>(properties.Get("versioning"));
        Assert.Empty(versioning.Entries);
        Assert.Equal(new TextPosition(2, 3), versioning.Position);
    }

    [Fact]
    public void ObjectConstructor_RepeatedKey_ReplacesTheValueWhereTheKeyFirstAppeared()
    {
        var properties = Properties("""
            resource "aws_s3_bucket" "b" {
              tags = { a = "1", b = "2", a = "3" }
            }
            """);

        var tags = Assert.IsType<MapValue>(properties.Get("tags"));
        Assert.Equal(["a", "b"], Keys(tags));
        Assert.Equal("3", tags.Get("a").AsString());
    }

    [Fact]
    public void ObjectConstructor_ManyKeysWithRepeats_KeepsFirstOrderAndLastValues()
    {
        // Past the size where keys are scanned: the index must give the same answers.
        var items = Enumerable.Range(0, 40).Select(i => $"k{i % 25} = \"{i}\"");
        var properties = Properties($$"""
            resource "aws_s3_bucket" "b" {
              tags = { {{string.Join(", ", items)}} }
            }
            """);

        var tags = Assert.IsType<MapValue>(properties.Get("tags"));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"k{i}"), Keys(tags));
        Assert.Equal("25", tags.Get("k0").AsString());
        Assert.Equal("39", tags.Get("k14").AsString());
        Assert.Equal("24", tags.Get("k24").AsString());
    }

    [Fact]
    public void Merge_LargeOverlappingMaps_LaterValuesWinInFirstOrder()
    {
        var first = string.Join(", ", Enumerable.Range(0, 20).Select(i => $"k{i} = \"first{i}\""));
        var second = string.Join(", ", Enumerable.Range(10, 20).Select(i => $"k{i} = \"second{i}\""));
        var properties = Properties($$"""
            resource "aws_s3_bucket" "b" {
              tags = merge({ {{first}} }, null, { {{second}} })
            }
            """);

        var tags = Assert.IsType<MapValue>(properties.Get("tags"));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"k{i}"), Keys(tags));
        Assert.Equal("first9", tags.Get("k9").AsString());
        Assert.Equal("second10", tags.Get("k10").AsString());
        Assert.Equal("second29", tags.Get("k29").AsString());
    }

    [Fact]
    public void Template_KnownPieces_AreOneStringAndUnknownPiecesStayParts()
    {
        var properties = Properties("""
            variable "env" { default = "prod" }
            variable "unset" { type = string }
            resource "aws_s3_bucket" "b" {
              one   = "${var.env}"
              two   = "app-${var.env}"
              three = "app-${var.env}-data"
              many  = "${var.env}/${var.env}/${var.env}/${var.env}"
              open  = "app-${var.unset}-data"
            }
            """);

        Assert.Equal("prod", properties.Get("one").AsString());
        Assert.Equal("app-prod", properties.Get("two").AsString());
        Assert.Equal("app-prod-data", properties.Get("three").AsString());
        Assert.Equal("prod/prod/prod/prod", properties.Get("many").AsString());
        var open = Assert.IsType<TextValue>(properties.Get("open"));
        Assert.Equal(3, open.Parts.Count);
        Assert.Equal("app-", open.Parts[0].AsString());
        Assert.IsType<UnknownValue>(open.Parts[1]);
        Assert.Equal("-data", open.Parts[2].AsString());
    }

    [Fact]
    public void MapBuilder_SetsAcrossTheIndexThreshold_MatchAListThatReplacesInPlace()
    {
        var builder = new MapBuilder(0);
        var expected = new List<MapEntry>();
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var entry = new MapEntry($"k{random.Next(40)}", new TextPosition(i + 1, 1), TerraformValues.String(i.ToString(CultureInfo.InvariantCulture), default));
            builder.Set(entry);
            var at = expected.FindIndex(e => e.Key == entry.Key);
            if (at >= 0)
            {
                expected[at] = entry;
            }
            else
            {
                expected.Add(entry);
            }
        }

        Assert.Equal(expected, builder.Entries);
    }
}
