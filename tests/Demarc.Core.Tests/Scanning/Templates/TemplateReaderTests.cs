using System.Text;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Templates;

namespace Demarc.Core.Tests.Scanning.Templates;

public class TemplateReaderTests
{
    private static MappingNode Root(string text)
    {
        var result = TemplateReader.Read("t.yaml", text);
        Assert.Equal(FileKind.Template, result.Kind);
        return result.Root!;
    }

    private static SyntaxNode PropertyValue(string yamlValue)
    {
        var root = Root($"Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      P: {yamlValue}\n");
        return ((MappingNode)((MappingNode)((MappingNode)root["Resources"]!)["R"]!)["Properties"]!)["P"]!;
    }

    public static TheoryData<string, string> AllShortForms()
    {
        var data = new TheoryData<string, string>();
        foreach (var (tag, longKey) in ShortForms.Tags)
        {
            data.Add($"{tag} [a, b]", longKey);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllShortForms))]
    [InlineData("!Ref X", "Ref")]
    [InlineData("!Sub 'a-${X}'", "Fn::Sub")]
    [InlineData("!GetAZs ''", "Fn::GetAZs")]
    [InlineData("!And [!Condition A, !Condition B]", "Fn::And")]
    [InlineData("!Transform {Name: M}", "Fn::Transform")]
    public void Read_ShortForm_BecomesItsLongFormAtTheSamePosition(string shortForm, string longKey)
    {
        var node = PropertyValue(shortForm);

        var mapping = Assert.IsType<MappingNode>(node);
        var entry = Assert.Single(mapping.Entries);
        Assert.Equal(longKey, entry.Key.Value);
        Assert.Null(mapping.Tag);
        Assert.Null(entry.Value.Tag);
        Assert.Equal(new TextPosition(5, 10), mapping.Start);
    }

    [Theory]
    [InlineData("!ValueOf")]
    [InlineData("!ForEach")]
    [InlineData("!Cidr")]
    [InlineData("!Length")]
    [InlineData("!ToJsonString")]
    public void Tags_IncludeRuleAndLanguageExtensionFunctions(string tag)
    {
        Assert.True(ShortForms.Tags.ContainsKey(tag));
    }

    [Fact]
    public void Read_GetAttDottedForm_SplitsAtTheFirstDot()
    {
        var node = (MappingNode)PropertyValue("!GetAtt Db.Endpoint.Address");

        var args = Assert.IsType<SequenceNode>(node["Fn::GetAtt"]);
        Assert.Equal(["Db", "Endpoint.Address"], args.Items.Cast<ScalarNode>().Select(s => s.Value));
        Assert.All(args.Items, i => Assert.Equal(new TextPosition(5, 10), i.Start));
    }

    [Fact]
    public void Read_NestedShortForms_AreAllRewritten()
    {
        var node = (MappingNode)PropertyValue("!If [IsProd, !Sub '${AWS::Region}-x', !Ref AWS::NoValue]");

        var args = (SequenceNode)node["Fn::If"]!;
        Assert.Equal("Fn::Sub", ((MappingNode)args.Items[1]).Entries[0].Key.Value);
        Assert.Equal("Ref", ((MappingNode)args.Items[2]).Entries[0].Key.Value);
    }

    [Fact]
    public void Read_UnknownTag_IsKeptAndReported()
    {
        var result = TemplateReader.Read("t.yaml", "Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      P: !Rain::Embed file.sh\n");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(5, diagnostic.Location.Line);
        Assert.Contains("!Rain::Embed", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Json_IsDetectedAndKeepsPositions()
    {
        var result = TemplateReader.Read("t.json", "  {\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}");

        Assert.Equal(TemplateFormat.Json, result.Format);
        Assert.Equal(new TextPosition(1, 18), ((MappingNode)result.Root!["Resources"]!).Entries[0].Key.Start);
    }

    [Theory]
    [InlineData("{\"name\": \"app\", \"version\": \"1.0.0\", \"dependencies\": {}}", "no Resources section")]
    [InlineData("version: 0.2\nphases:\n  build:\n    commands: [make]\n", "no Resources section")]
    [InlineData("- a\n- b\n", "a list")]
    [InlineData("Resources:\n  Thing:\n    kind: Deployment\n", "no entry with a resource Type")]
    [InlineData("just text\n", "not a mapping")]
    [InlineData("", "empty")]
    public void Read_NotATemplate_IsRecognisedWithAReason(string text, string reason)
    {
        var result = TemplateReader.Read("x", Encoding.UTF8.GetBytes(text), ParseLimits.Default, isExplicit: true);

        Assert.Equal(FileKind.NotTemplate, result.Kind);
        Assert.Contains(reason, result.NotTemplateReason, StringComparison.Ordinal);
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData("AWSTemplateFormatVersion: '2010-09-09'\n")]
    [InlineData("Transform: AWS::Serverless-2016-10-31\nResources: {}\n")]
    [InlineData("Resources:\n  Fn::ForEach::Topics: [T, [a], {'${T}': {Type: AWS::SNS::Topic}}]\n")]
    public void Read_TemplateSigns_AreRecognised(string text)
    {
        Assert.Equal(FileKind.Template, TemplateReader.Read("t.yaml", text).Kind);
    }

    [Fact]
    public void Read_MalformedYamlNamedByTheUser_IsAnErrorWithLineAndColumn()
    {
        var result = TemplateReader.Read("bad.yaml", Encoding.UTF8.GetBytes("Resources:\n  A:\n    Type: [unclosed\n"), ParseLimits.Default, isExplicit: true);

        Assert.Equal(FileKind.Unreadable, result.Kind);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("syntax", error.Rule);
        Assert.Equal("bad.yaml", error.Location.File);
        Assert.True(error.Location.Line >= 3, error.ToString());
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MalformedJsonTemplateFoundInADirectory_IsStillAnError()
    {
        var text = "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {,}}";

        var result = TemplateReader.Read("found.json", Encoding.UTF8.GetBytes(text), ParseLimits.Default, isExplicit: false);

        Assert.Equal(FileKind.Unreadable, result.Kind);
        Assert.Equal(new TextPosition(1, 58), new TextPosition(result.Diagnostics[0].Location.Line, result.Diagnostics[0].Location.Column));
    }

    [Fact]
    public void Read_MalformedNonTemplateFoundInADirectory_IsSkipped()
    {
        var result = TemplateReader.Read("chart/templates/deploy.yaml", Encoding.UTF8.GetBytes("metadata:\n  name: {{ .Values.name }}\n  x: [\n"), ParseLimits.Default, isExplicit: false);

        Assert.Equal(FileKind.NotTemplate, result.Kind);
        Assert.Contains("not valid YAML", result.NotTemplateReason, StringComparison.Ordinal);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Read_DuplicateKeyInTemplate_IsAnErrorButTheTemplateIsRead()
    {
        var result = TemplateReader.Read("t.yaml", "Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::SQS::Queue\n");

        Assert.Equal(FileKind.Template, result.Kind);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(ScanRules.DuplicateKey, error.Rule);
        Assert.Equal((4, 3), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Read_YamlAliasBomb_IsRefusedWithAliasExpansion()
    {
        var bomb = new StringBuilder("AWSTemplateFormatVersion: '2010-09-09'\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            bomb.Append(FormattableString.Invariant($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"));
        }

        var result = TemplateReader.Read("bomb.yaml", Encoding.UTF8.GetBytes(bomb.ToString()), ParseLimits.Default, isExplicit: false);

        Assert.Equal(FileKind.Unreadable, result.Kind);
        Assert.Equal(ScanRules.AliasExpansion, Assert.Single(result.Diagnostics).Rule);
    }

    [Fact]
    public void Read_YamlNestedTooDeep_IsRefused()
    {
        var deep = "AWSTemplateFormatVersion: '2010-09-09'\nx: " + new string('[', 150) + new string(']', 150) + "\n";

        var result = TemplateReader.Read("deep.yaml", deep);

        Assert.Equal(FileKind.Unreadable, result.Kind);
        Assert.Equal(ScanRules.TooDeep, Assert.Single(result.Diagnostics).Rule);
    }

    [Fact]
    public void Read_LargerThanTheConfiguredLimit_IsRefused()
    {
        var text = "AWSTemplateFormatVersion: '2010-09-09'\nDescription: " + new string('x', 5000) + "\n";

        var result = TemplateReader.Read("big.yaml", Encoding.UTF8.GetBytes(text), new ParseLimits { MaxBytes = 4096 }, isExplicit: false);

        Assert.Equal(FileKind.Unreadable, result.Kind);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(ScanRules.TooLarge, error.Rule);
        Assert.Contains("4,096", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8Template_IsRefusedWithPosition()
    {
        var bytes = Encoding.UTF8.GetBytes("AWSTemplateFormatVersion: '2010-09-09'\nDescription: ab").Concat(new byte[] { 0xFF, 0xFE }).ToArray();

        var result = TemplateReader.Read("bad.yaml", bytes, ParseLimits.Default, isExplicit: true);

        Assert.Equal(FileKind.Unreadable, result.Kind);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(ScanRules.Encoding, error.Rule);
        Assert.Equal((2, 16), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Read_SeveralYamlDocuments_WarnsThatOnlyTheFirstIsTheTemplate()
    {
        var result = TemplateReader.Read("t.yaml", "Resources:\n  A:\n    Type: AWS::S3::Bucket\n---\nother: doc\n");

        Assert.Equal(FileKind.Template, result.Kind);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("2 YAML documents", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_RandomBytes_NeverThrows()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length > 0)
            {
                bytes[0] = (byte)'{';
            }

            var result = TemplateReader.Read("r", bytes, ParseLimits.Default, isExplicit: true);

            Assert.True(result.Kind != FileKind.Template || result.Root is not null);
            Assert.True(result.Kind != FileKind.Unreadable || result.Diagnostics.Count > 0);
        }
    }
}
