using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Core.Tests.Scanning.Evaluation;

public class ParameterOverridesTests
{
    [Fact]
    public void ParsePair_SplitsAtTheFirstEquals()
    {
        Assert.Equal(new KeyValuePair<string, string>("Query", "a=b"), ParameterOverrides.ParsePair("Query=a=b"));
        Assert.Equal(new KeyValuePair<string, string>("Empty", ""), ParameterOverrides.ParsePair("Empty="));
        Assert.Throws<FormatException>(() => ParameterOverrides.ParsePair("NoEquals"));
        Assert.Throws<FormatException>(() => ParameterOverrides.ParsePair("=value"));
    }

    [Fact]
    public void ReadFile_CreateStackFormat()
    {
        var values = ParameterOverrides.ReadFile("""
            [
              {"ParameterKey": "Env", "ParameterValue": "prod"},
              {"ParameterKey": "Size", "ParameterValue": 3},
              {"ParameterKey": "Kept", "UsePreviousValue": true}
            ]
            """);

        Assert.Equal(new Dictionary<string, string> { ["Env"] = "prod", ["Size"] = "3" }, values);
    }

    [Fact]
    public void ReadFile_DeployListFormat()
    {
        Assert.Equal(new Dictionary<string, string> { ["Env"] = "prod", ["Url"] = "https://x/?a=b" }, ParameterOverrides.ReadFile("[\"Env=prod\", \"Url=https://x/?a=b\"]"));
    }

    [Fact]
    public void ReadFile_CodePipelineFormat()
    {
        var values = ParameterOverrides.ReadFile("{\"Parameters\": {\"Env\": \"prod\", \"Subnets\": [\"a\", \"b\"]}, \"Tags\": {\"team\": \"x\"}}");

        Assert.Equal(new Dictionary<string, string> { ["Env"] = "prod", ["Subnets"] = "a,b" }, values);
    }

    [Fact]
    public void ReadFile_PlainObject()
    {
        Assert.Equal(new Dictionary<string, string> { ["Env"] = "dev", ["On"] = "true" }, ParameterOverrides.ReadFile("{\"Env\": \"dev\", \"On\": true}"));
    }

    [Theory]
    [InlineData("[\"NoEquals\"]", 1, 2)]
    [InlineData("[\n  {\"ParameterKey\": \"A\"}\n]", 2, 3)]
    [InlineData("[\n  42\n]", 2, 3)]
    [InlineData("\"text\"", 1, 1)]
    [InlineData("{\"A\": {\"nested\": 1}}", 1, 7)]
    [InlineData("{\"A\": ", 1, 7)]
    public void ReadFile_WrongShape_ThrowsWithPosition(string json, int line, int column)
    {
        var ex = Assert.Throws<ParseException>(() => ParameterOverrides.ReadFile(json));

        Assert.Equal(new TextPosition(line, column), ex.Position);
    }
}
