using System.Globalization;
using System.Text;
using Demarc.Parsing;
using Demarc.Parsing.Hcl;
using Demarc.Core.Tests.Terraform;

namespace Demarc.Core.Tests.Parsing;

public class HclParserTests
{
    private static HclFile Parse(string text, ParseLimits? limits = null) => HclParser.Parse("main.tf", text, limits);

    private static HclFile ParseClean(string text)
    {
        var file = Parse(text);
        Assert.True(file.Diagnostics.Count == 0, string.Join("\n", file.Diagnostics));
        return file;
    }

    private static HclExpression Attribute(string text, string name = "x") =>
        ParseClean(text).Body.Attribute(name)?.Value ?? throw new InvalidOperationException($"no attribute {name}");

    private static HclExpression Expr(string expression) => Attribute($"x = {expression}\n");

    [Fact]
    public void Parse_BlocksAndAttributes_KeepLabelsAndPositions()
    {
        var file = ParseClean("""
            # header
            resource "aws_s3_bucket" "logs" {
              bucket = "my-logs"

              versioning {
                enabled = true
              }
            }

            variable region { default = "eu-west-1" }
            """);

        Assert.Equal(2, file.Body.Blocks.Count);
        var bucket = file.Body.Blocks[0];
        Assert.Equal("resource", bucket.Type);
        Assert.Equal(["aws_s3_bucket", "logs"], bucket.Labels.Select(l => l.Value));
        Assert.Equal(new TextPosition(2, 1), bucket.Position);
        Assert.Equal(new TextPosition(2, 10), bucket.Labels[0].Position);
        Assert.Equal(new TextPosition(2, 26), bucket.Labels[1].Position);
        var name = bucket.Body.Attribute("bucket")!;
        Assert.Equal(new TextPosition(3, 3), name.Position);
        Assert.Equal(new TextPosition(3, 12), name.Value.Position);
        Assert.Equal("my-logs", Assert.IsType<HclLiteral>(name.Value).Text);
        var versioning = Assert.Single(bucket.Body.Blocks);
        Assert.Equal(new TextPosition(5, 3), versioning.Position);
        Assert.Equal(new TextPosition(6, 5), versioning.Body.Attribute("enabled")!.Position);
        Assert.Equal(new TextPosition(8, 1), bucket.Body.End);

        var region = file.Body.Blocks[1];
        Assert.Equal(["region"], region.Labels.Select(l => l.Value));
        Assert.Equal("eu-west-1", Assert.IsType<HclLiteral>(region.Body.Attribute("default")!.Value).Text);
    }

    [Fact]
    public void Parse_Literals_KeepKindAndText()
    {
        Assert.Equal(HclLiteralKind.Number, Assert.IsType<HclLiteral>(Expr("1.5e3")).Kind);
        Assert.Equal("1.5e3", Assert.IsType<HclLiteral>(Expr("1.5e3")).Text);
        Assert.Equal(HclLiteralKind.Bool, Assert.IsType<HclLiteral>(Expr("true")).Kind);
        Assert.Equal(HclLiteralKind.Null, Assert.IsType<HclLiteral>(Expr("null")).Kind);
        Assert.Equal("a\"b\\c\n\t\u00e9\U0001F600${x} %{y}", Assert.IsType<HclLiteral>(Expr("\"a\\\"b\\\\c\\n\\t\\u00e9\\U0001F600$${x} %%{y}\"")).Text);
    }

    [Fact]
    public void Parse_Operators_FollowPrecedence()
    {
        Assert.Equal("(1 + (2 * 3)) == 7", Expr("1 + 2 * 3 == 7").ToString());
        Assert.Equal("(a && b) || (c && !d)", Expr("a && b || c && !d").ToString());
        Assert.Equal("(-1 - 2) < 3", Expr("-1 - 2 < 3").ToString());
        Assert.Equal("(10 % 3) >= (8 / 4)", Expr("10 % 3 >= 8 / 4").ToString());
        Assert.Equal("(a != b) && (c <= d)", Expr("a != b && c <= d").ToString());
        Assert.Equal("!(a || b)", Expr("!(a || b)").ToString());
    }

    [Fact]
    public void Parse_Conditional_NestsToTheRight()
    {
        var conditional = Assert.IsType<HclConditional>(Expr("var.a ? 1 : var.b ? 2 : 3"));
        Assert.Equal("var.a", conditional.Condition.ToString());
        Assert.IsType<HclConditional>(conditional.FalseResult);
    }

    [Fact]
    public void Parse_ConditionalAcrossLines_EndsAtTheLineAfterTheFalseResult()
    {
        var file = ParseClean("""
            x = var.enabled ?
              "on" :
              "off"
            y = 2
            """);
        Assert.IsType<HclConditional>(file.Body.Attribute("x")!.Value);
        Assert.Equal(new TextPosition(4, 1), file.Body.Attribute("y")!.Position);
    }

    [Fact]
    public void Parse_Traversals_GiveAttributesIndexesAndSplats()
    {
        var get = Assert.IsType<HclGetAttribute>(Expr("aws_s3_bucket.logs.arn"));
        Assert.Equal("arn", get.Name);
        Assert.Equal("logs", Assert.IsType<HclGetAttribute>(get.Source).Name);
        Assert.Equal("aws_s3_bucket", Assert.IsType<HclVariable>(Assert.IsType<HclGetAttribute>(get.Source).Source).Name);

        var index = Assert.IsType<HclGetAttribute>(Expr("aws_instance.web[0].id"));
        Assert.IsType<HclIndex>(index.Source);

        var legacy = Assert.IsType<HclGetAttribute>(Expr("var.list.0.name"));
        var legacyIndex = Assert.IsType<HclIndex>(legacy.Source);
        Assert.Equal("0", Assert.IsType<HclLiteral>(legacyIndex.Key).Text);

        var full = Assert.IsType<HclSplat>(Expr("aws_instance.web[*].tags.Name"));
        Assert.Equal(".tags.Name", full.Each.ToString());

        // An attribute splat takes only the attribute steps; an index after it applies to the result.
        var attributeSplat = Assert.IsType<HclIndex>(Expr("aws_instance.web.*.id[0]"));
        Assert.IsType<HclSplat>(attributeSplat.Source);
        var fullSplat = Assert.IsType<HclSplat>(Expr("aws_instance.web[*].id[0]"));
        Assert.IsType<HclIndex>(fullSplat.Each);
    }

    [Fact]
    public void Parse_FunctionCalls_WithNamespacesAndExpansion()
    {
        var call = Assert.IsType<HclFunctionCall>(Expr("merge(var.a, { b = 1 },\n  local.c,\n)"));
        Assert.Equal("merge", call.Name);
        Assert.Equal(3, call.Arguments.Count);
        Assert.False(call.ExpandFinal);

        var expanded = Assert.IsType<HclFunctionCall>(Expr("max(var.numbers...)"));
        Assert.True(expanded.ExpandFinal);

        var provider = Assert.IsType<HclFunctionCall>(Expr("provider::aws::arn_parse(\"arn:aws:s3:::b\")"));
        Assert.Equal("provider::aws::arn_parse", provider.Name);
    }

    [Fact]
    public void Parse_Collections_TuplesAndObjectsWithEveryKeyForm()
    {
        var tuple = Assert.IsType<HclTuple>(Expr("[\n  1,\n  \"two\", # note\n  [3],\n]"));
        Assert.Equal(3, tuple.Items.Count);

        var obj = Assert.IsType<HclObject>(Attribute("""
            x = {
              bare     = 1
              "quoted" = 2,
              (var.k)  = 3
              colon: 4
              for      = 5
            }
            """));
        Assert.Equal(5, obj.Items.Count);
        Assert.Equal("bare", Assert.IsType<HclLiteral>(obj.Items[0].Key).Text);
        Assert.Equal("quoted", Assert.IsType<HclLiteral>(obj.Items[1].Key).Text);
        Assert.IsType<HclParentheses>(obj.Items[2].Key);
        Assert.Equal("colon", Assert.IsType<HclLiteral>(obj.Items[3].Key).Text);
        Assert.Equal("for", Assert.IsType<HclLiteral>(obj.Items[4].Key).Text);
    }

    [Fact]
    public void Parse_ForExpressions_TupleAndObjectWithGroupingAndFilter()
    {
        var tuple = Assert.IsType<HclFor>(Expr("[for i, p in var.ports : p + 1 if p > 0]"));
        Assert.False(tuple.IsObject);
        Assert.Equal("i", tuple.KeyVariable);
        Assert.Equal("p", tuple.ValueVariable);
        Assert.NotNull(tuple.Condition);

        var obj = Assert.IsType<HclFor>(Attribute("""
            x = {
              for k, v in var.users :
              v.role => k...
            }
            """));
        Assert.True(obj.IsObject);
        Assert.True(obj.Grouping);
        Assert.Equal("v.role", obj.KeyExpression!.ToString());
    }

    [Fact]
    public void Parse_Templates_InterpolationsDirectivesAndStripMarkers()
    {
        var template = Assert.IsType<HclTemplate>(Expr("\"arn:aws:s3:::${var.bucket}/*\""));
        Assert.Equal(3, template.Parts.Count);
        Assert.Equal("arn:aws:s3:::", Assert.IsType<HclTemplateText>(template.Parts[0]).Text);
        Assert.Equal("var.bucket", Assert.IsType<HclInterpolation>(template.Parts[1]).Expression.ToString());

        var sole = Assert.IsType<HclTemplate>(Expr("\"${var.list}\""));
        Assert.NotNull(sole.SoleInterpolation);

        var directives = Assert.IsType<HclTemplate>(Expr("\"a %{~ if var.x ~} yes %{~ else ~} no %{~ endif ~} b %{ for k, v in var.m }${k}=${v};%{ endfor }\""));
        Assert.Equal("a", Assert.IsType<HclTemplateText>(directives.Parts[0]).Text);
        var conditional = Assert.IsType<HclTemplateIf>(directives.Parts[1]);
        Assert.Equal("yes", Assert.IsType<HclTemplateText>(Assert.Single(conditional.Then)).Text);
        Assert.Equal("no", Assert.IsType<HclTemplateText>(Assert.Single(conditional.Else)).Text);
        Assert.Equal("b ", Assert.IsType<HclTemplateText>(directives.Parts[2]).Text);
        var loop = Assert.IsType<HclTemplateFor>(directives.Parts[3]);
        Assert.Equal("k", loop.KeyVariable);
        Assert.Equal(4, loop.Body.Count);

        var nested = Assert.IsType<HclTemplate>(Expr("\"outer ${\"inner ${var.z}\"}\""));
        Assert.IsType<HclTemplate>(Assert.IsType<HclInterpolation>(nested.Parts[1]).Expression);
    }

    [Fact]
    public void Parse_Heredocs_PlainAndIndented()
    {
        var file = ParseClean("""
            a = <<EOT
              {"Version": "2012-10-17"}
            EOT
            b = <<-EOT
                line one
                  line two ${var.x}
                EOT
            c = 1
            """);
        Assert.Equal("  {\"Version\": \"2012-10-17\"}\n", Assert.IsType<HclLiteral>(file.Body.Attribute("a")!.Value).Text);
        var b = Assert.IsType<HclTemplate>(file.Body.Attribute("b")!.Value);
        Assert.True(b.IsHeredoc);
        Assert.Equal("line one\n  line two ", Assert.IsType<HclTemplateText>(b.Parts[0]).Text);
        Assert.Equal("\n", Assert.IsType<HclTemplateText>(b.Parts[2]).Text);
        Assert.Equal(new TextPosition(8, 1), file.Body.Attribute("c")!.Position);
    }

    [Fact]
    public void Parse_HeredocInsideCall_ContinuesAfterTheMarker()
    {
        var call = Assert.IsType<HclFunctionCall>(Attribute("""
            x = jsondecode(<<JSON
            {"a": 1}
            JSON
            )
            """));
        Assert.Equal("{\"a\": 1}\n", Assert.IsType<HclLiteral>(Assert.Single(call.Arguments)).Text);
    }

    [Fact]
    public void Parse_Comments_AreRecordedWithPositions()
    {
        var file = ParseClean("""
            # checkov:skip=CKV_AWS_18:logs go elsewhere
            resource "aws_s3_bucket" "b" { // trailing
              /* block
                 comment */
              bucket = "b"
            }
            """);
        Assert.Equal(3, file.Comments.Count);
        Assert.Equal(new TextPosition(1, 1), file.Comments[0].Position);
        Assert.Equal(" checkov:skip=CKV_AWS_18:logs go elsewhere", file.Comments[0].Text);
        Assert.Equal(" trailing", file.Comments[1].Text);
        Assert.Equal(new TextPosition(3, 3), file.Comments[2].Position);
        Assert.Equal(new TextPosition(5, 3), file.Body.Blocks[0].Body.Attribute("bucket")!.Position);
    }

    [Theory]
    [InlineData("resource \"a\" \"b\" {\n  x = 1\n", 1, 18, "not closed")]
    [InlineData("x = \"abc\ny = 1\n", 1, 5, "cannot span lines")]
    [InlineData("x = \"a\\qb\"\n", 1, 7, "unknown escape")]
    [InlineData("x = \"%{ when y }\"\n", 1, 9, "unknown template directive")]
    [InlineData("x = \"%{ if y }a\"\n", 1, 6, "no matching %{endif}")]
    [InlineData("x = \"a%{ endfor }\"\n", 1, 7, "without a matching")]
    [InlineData("x = <<EOT\nabc\n", 1, 5, "heredoc is not closed")]
    [InlineData("x = [1, 2\n", 2, 1, "not closed")]
    [InlineData("x = f(1 2)\n", 1, 9, "expected ',' or ')'")]
    [InlineData("x = 1 y = 2\n", 1, 7, "expected a new line")]
    [InlineData("x = \n", 1, 5, "expected an expression")]
    [InlineData("resource \"a\" \"${b}\" {}\n", 1, 14, "label cannot contain")]
    [InlineData("x = { a 1 }\n", 1, 9, "expected '=' or ':'")]
    [InlineData("x = [for a b : a]\n", 1, 12, "expected 'in'")]
    [InlineData("}\n", 1, 1, "no block to close")]
    [InlineData("/* open\n", 1, 1, "comment is not closed")]
    public void Parse_MalformedInput_ReportsPositionAndPlainMessage(string text, int line, int column, string message)
    {
        var file = Parse(text);
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal("syntax", error.Rule);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(new TextPosition(line, column), error.Position);
    }

    [Fact]
    public void Parse_ErrorInOneBlock_KeepsTheBlocksAroundIt()
    {
        var file = Parse("""
            resource "aws_s3_bucket" "a" {
              bucket = "a"
            }

            resource "aws_s3_bucket" "broken" {
              bucket = "b" "c"
              acl    = "private"
            }

            resource "aws_s3_bucket" "c" {
              bucket = "c"
            }
            """);
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal(new TextPosition(6, 16), error.Position);
        Assert.Equal(["a", "c"], file.Body.Blocks.Select(b => b.Label(1)));
    }

    [Fact]
    public void Parse_ManyErrors_StopsAfterTheLimitWithANote()
    {
        var text = string.Concat(Enumerable.Repeat("x = = 1\n", HclParser.MaxErrors + 10));
        var file = Parse(text);
        Assert.Equal(HclParser.MaxErrors + 1, file.Diagnostics.Count);
        Assert.Contains("the rest of the file is not read", file.Diagnostics[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LargerThanTheSizeLimit_ReportsTooLarge()
    {
        var file = HclParser.Parse("big.tf", Encoding.UTF8.GetBytes("x = \"" + new string('a', 2000) + "\"\n"), ParseLimits.Default with { MaxBytes = 1000 });
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal("too-large", error.Rule);
        Assert.Empty(file.Body.Attributes);
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsLineAndColumnOfTheBadByte()
    {
        var bytes = Encoding.UTF8.GetBytes("x = 1\ny = \"ab").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"\n")).ToArray();
        var error = Assert.Single(HclParser.Parse("bad.tf", bytes).Diagnostics);
        Assert.Equal("encoding", error.Rule);
        Assert.Equal(new TextPosition(2, 8), error.Position);
    }

    [Fact]
    public void Parse_FromBytes_MatchesTheTextParseWithOrWithoutABom()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"b-${{var.env}}-{i}\"\n  tags   = {{ Name = \"é{i}\" }}\n}}\n");
        }

        var expected = Shape(ParseClean(text.ToString()));
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.Equal(expected, Shape(HclParser.Parse("main.tf", bytes)));
        Assert.Equal(expected, Shape(HclParser.Parse("main.tf", [0xEF, 0xBB, 0xBF, .. bytes])));

        static string Shape(HclFile file)
        {
            Assert.Empty(file.Diagnostics);
            return string.Join("\n", file.Body.Blocks.Select(b => $"{b} {b.Position} {string.Join(";", b.Body.Attributes.Select(a => $"{a} {a.Position}"))}"));
        }
    }

    [Fact]
    public void Parse_SmallFileAfterALargeOne_ReadsOnlyItsOwnText()
    {
        // Files are decoded into reused buffers: what an earlier, larger file left there must never be read.
        var large = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a = \"0123456789\"\n", 20_000)));
        Assert.Equal(20_000, HclParser.Parse("large.tf", large).Body.Attributes.Count);

        var complete = HclParser.Parse("small.tf", Encoding.UTF8.GetBytes("x = 1"));
        Assert.Empty(complete.Diagnostics);
        Assert.Equal("1", Assert.IsType<HclLiteral>(Assert.Single(complete.Body.Attributes).Value).Text);

        var open = HclParser.Parse("open.tf", Encoding.UTF8.GetBytes("y = \"abc"));
        var error = Assert.Single(open.Diagnostics);
        Assert.Contains("not closed", error.Message, StringComparison.Ordinal);

        var empty = HclParser.Parse("empty.tf", []);
        Assert.Empty(empty.Diagnostics);
        Assert.Empty(empty.Body.Attributes);
    }

    [Fact]
    public void Parse_RepeatedNamesAndShortStrings_ShareOneString()
    {
        var file = ParseClean("""
            resource "aws_s3_bucket" "a" {
              bucket = "logs"
            }
            resource "aws_s3_bucket" "b" {
              bucket = "logs"
            }
            """);

        var (a, b) = (file.Body.Blocks[0], file.Body.Blocks[1]);
        Assert.Same(a.Type, b.Type);
        Assert.Same(a.Labels[0].Value, b.Labels[0].Value);
        Assert.Same(a.Body.Attributes[0].Name, b.Body.Attributes[0].Name);
        Assert.Same(((HclLiteral)a.Body.Attributes[0].Value).Text, ((HclLiteral)b.Body.Attributes[0].Value).Text);
        Assert.Equal("a", a.Labels[1].Value);
        Assert.Equal("b", b.Labels[1].Value);
    }

    [Theory]
    [InlineData("x = {0}1{1}\n", "[", "]")]
    [InlineData("x = {0}1{1}\n", "(", ")")]
    [InlineData("x = {0}1{1}\n", "f(", ")")]
    [InlineData("x = {0}1{1}\n", "{a = ", "}")]
    [InlineData("x = {0}1{1}\n", "\"${", "}\"")]
    [InlineData("{0}{1}", "a {\n", "}\n")]
    public void Parse_NestingDeeperThanTheLimit_ReportsTooDeep(string shape, string open, string close)
    {
        var depth = 150;
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, string.Concat(Enumerable.Repeat(open, depth)), string.Concat(Enumerable.Repeat(close, depth)));
        var file = Parse(text, ParseLimits.Default with { MaxDepth = 100 });
        var error = Assert.Single(file.Diagnostics);
        Assert.Equal("too-deep", error.Rule);
        Assert.Contains("deeper than 100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x = 1{0}\n", " + 1")]
    [InlineData("x = a{0}\n", ".b")]
    [InlineData("x = a{0}\n", "[0]")]
    [InlineData("x = {0}a\n", "!")]
    public void Parse_ChainsLongerThanTheDepthLimit_ReportTooDeepInsteadOfBuildingDeepTrees(string shape, string step)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, string.Concat(Enumerable.Repeat(step, 100_000)));
        var file = Parse(text);
        Assert.Equal("too-deep", Assert.Single(file.Diagnostics).Rule);
    }

    [Fact]
    public void Parse_MoreNodesThanTheLimit_ReportsTooManyNodes()
    {
        var text = "x = [" + string.Join(", ", Enumerable.Range(0, 5000)) + "]\n";
        var file = Parse(text, ParseLimits.Default with { MaxNodes = 1000 });
        Assert.Equal("too-many-nodes", Assert.Single(file.Diagnostics).Rule);
    }

    [Fact]
    public void Parse_RandomBytes_AlwaysReturnsWithPositionsInsideTheText()
    {
        var random = new Random(20261127);
        const string alphabet = "abc xyz=\"{}[]()$%~<>-!&|?:.,*/#\n\t\\0123456789 EOT";
        for (var round = 0; round < 2000; round++)
        {
            var chars = new char[random.Next(1, 120)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var file = Parse(text);
            var lines = text.Split('\n').Length;
            foreach (var diagnostic in file.Diagnostics)
            {
                Assert.InRange(diagnostic.Position.Line, 1, lines);
                Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
            }
        }
    }

    [Fact]
    public void ParseExpression_TrailingText_IsAnError()
    {
        Assert.Equal("[\"a\", \"b\"]", HclParser.ParseExpression("[\"a\", \"b\"]").ToString());
        var error = Assert.Throws<ParseException>(() => HclParser.ParseExpression("1 2"));
        Assert.Equal(new TextPosition(1, 3), error.Position);
    }

    [Fact]
    public void ParseTemplate_ReadsBackslashesLiterally()
    {
        var template = Assert.IsType<HclTemplate>(HclParser.ParseTemplate("path C:\\x ${name}\n%{ if a }y%{ endif }"));
        Assert.Equal("path C:\\x ", Assert.IsType<HclTemplateText>(template.Parts[0]).Text);
    }

    [Fact]
    public void Parse_EveryTerraformFileOfTheCorpus_HasNoError()
    {
        var files = Corpus.TerraformFiles();
        Assert.True(files.Count >= 40, $"expected the corpus's .tf files, found {files.Count}");
        foreach (var path in files)
        {
            var file = HclParser.Parse(path, File.ReadAllBytes(path));
            Assert.True(file.Diagnostics.Count == 0, $"{path}: {string.Join("; ", file.Diagnostics)}");
            Assert.NotEmpty(file.Body.Blocks);
        }
    }
}
