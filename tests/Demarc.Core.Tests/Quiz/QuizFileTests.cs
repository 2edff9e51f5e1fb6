using Demarc.Catalog;
using Demarc.Quiz;

namespace Demarc.Core.Tests.Quiz;

public class QuizFileTests
{
    private static readonly QuizGenerator Generator = new(ResponsibilityCatalog.Default);

    [Fact]
    public void Write_ThenRead_KeepsEveryQuestionAndAnswer()
    {
        var quiz = Generator.Generate(QuizFilter.None, 30, 7);

        var read = QuizFile.Read(QuizFile.Write(quiz, includeAnswers: true, jsonLines: false), "quiz.json");

        Assert.Empty(read.Problems);
        Assert.Equal(quiz.Select(q => (q.Id, q.Text, q.Choose, q.Answer, q.Justification, q.ItemKey, q.Explanation)), read.Questions.Select(q => (q.Id, q.Text, q.Choose, q.Answer, q.Justification, q.ItemKey, q.Explanation)));
        Assert.Equal(quiz.SelectMany(q => q.Options.Select(o => (o.Letter, o.Text, o.IsCorrect))), read.Questions.SelectMany(q => q.Options.Select(o => (o.Letter, o.Text, o.IsCorrect))));
        Assert.Equal(quiz.SelectMany(q => q.SourceList), read.Questions.SelectMany(q => q.SourceList));
    }

    [Fact]
    public void Write_JsonLines_OneQuestionPerLineReadBack()
    {
        var quiz = Generator.Generate(QuizFilter.None, 5, 2);

        var text = QuizFile.Write(quiz, includeAnswers: true, jsonLines: true);
        var read = QuizFile.Read(text, "quiz.jsonl");

        Assert.Equal(5, text.TrimEnd('\n').Split('\n').Length);
        Assert.All(text.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("{\"id\":", line, StringComparison.Ordinal));
        Assert.Empty(read.Problems);
        Assert.Equal(quiz.Select(q => q.Answer), read.Questions.Select(q => q.Answer));
    }

    [Fact]
    public void Write_WithoutAnswers_LeavesOutEverythingThatGivesThemAway()
    {
        var quiz = Generator.Generate(QuizFilter.None, 10, 3);

        var text = QuizFile.Write(quiz, includeAnswers: false, jsonLines: false);

        foreach (var key in new[] { "\"answer\"", "\"justification\"", "\"item\"", "\"explanation\"", "\"sources\"", "\"kind\"" })
        {
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        }

        var read = QuizFile.Read(text, "quiz.json");
        Assert.Empty(read.Problems);
        Assert.All(read.Questions, q => Assert.Null(q.Answer));
        Assert.Equal(quiz.Select(q => q.Choose), read.Questions.Select(q => q.Choose));
    }

    [Fact]
    public void Write_SharedShape_HasTheDocumentedFieldsInOrder()
    {
        var text = QuizFile.Write([Generator.Generate(QuizFilter.None, 1, 1)[0]], includeAnswers: true, jsonLines: true);

        Assert.Matches("^\\{\"id\":\"q001\",\"question\":\"[^\"]+\",\"options\":\\{\"A\":\"[^\"]+\",\"B\":\"[^\"]+\",\"C\":\"[^\"]+\"(,\"D\":\"[^\"]+\")?\\},\"choose\":[12],\"answer\":\"[A-D]{1,2}\",\"justification\":\"[^\"]+\",\"kind\":", text);
    }

    [Fact]
    public void Read_HandWrittenYamlWithListOptionsAndLowerCaseAnswer_IsAccepted()
    {
        const string yaml = """
            questions:
              - question: Who patches the guest OS on EC2?
                options: [AWS, The customer, Both]
                answer: b
              - id: two
                question: Which two are the customer's?
                options: {A: IAM, B: Physical security, C: Encryption at rest, D: Hypervisor}
                answer: [C, A]
            """;

        var read = QuizFile.Read(yaml, "q.yaml");

        Assert.Empty(read.Problems);
        Assert.Equal(["q001", "two"], read.Questions.Select(q => q.Id));
        Assert.Equal("B", read.Questions[0].Answer);
        Assert.Equal(1, read.Questions[0].Choose);
        Assert.Equal("AC", read.Questions[1].Answer);
        Assert.Equal(2, read.Questions[1].Choose);
    }

    [Theory]
    [InlineData("[{\"id\": \"q1\", \"question\": \"Q?\", \"options\": {\"A\": \"x\", \"B\": \"y\"}, \"answer\": \"C\"}]", 1, 76, "invalid-value", "answer letter C")]
    [InlineData("[{\"id\": \"q1\", \"question\": \"Q?\", \"options\": {\"A\": \"x\", \"B\": \"y\", \"C\": \"z\"}, \"choose\": 2, \"answer\": \"A\"}]", 1, 86, "invalid-value", "'choose' is 2")]
    [InlineData("[{\"id\": \"q1\", \"options\": {\"A\": \"x\", \"B\": \"y\"}}]", 1, 2, "schema", "missing 'question'")]
    [InlineData("[\n  {\"id\": \"q1\", \"question\": \"Q?\", \"options\": {\"AB\": \"x\", \"B\": \"y\"}}\n]", 2, 46, "invalid-value", "not a single letter")]
    [InlineData("[{\"id\": \"q1\", \"question\": \"Q?\",\n \"options\": {\"A\": \"x\", \"B\": \"y\"}, ]", 2, 35, "syntax", "")]
    [InlineData("\"just text\"", 1, 1, "schema", "expected a list of questions")]
    public void Read_BadFile_NamesFileLineColumnAndRule(string text, int line, int column, string rule, string message)
    {
        var read = QuizFile.Read(text, "bad.json");

        var problem = Assert.Single(read.Problems, p => p.IsError);
        Assert.Equal("bad.json", problem.File);
        Assert.Equal(rule, problem.Rule);
        Assert.Equal(line, problem.Position.Line);
        Assert.Equal(column, problem.Position.Column);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.False(read.IsValid);
    }

    [Fact]
    public void Read_JsonLinesWithOneBadLine_ReportsThatLineAndKeepsTheOthers()
    {
        const string text = "{\"question\": \"A?\", \"options\": [\"x\", \"y\"], \"answer\": \"A\"}\n{\"question\": \"B?\", \"options\": [\"x\", \"y\"\n{\"question\": \"C?\", \"options\": [\"x\", \"y\"], \"answer\": \"B\"}\n";

        var read = QuizFile.Read(text, "batch.jsonl");

        Assert.Equal(2, read.Questions.Count);
        Assert.Equal(2, Assert.Single(read.Problems).Position.Line);
    }

    [Fact]
    public void Read_UnknownKey_IsAWarningNotAnError()
    {
        var read = QuizFile.Read("[{\"question\": \"Q?\", \"options\": [\"x\", \"y\"], \"anwser\": \"A\"}]", "q.json");

        Assert.True(read.IsValid);
        Assert.Single(read.Questions);
        Assert.Contains("anwser", Assert.Single(read.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateIds_AreReported()
    {
        var read = QuizFile.Read("[{\"id\": \"a\", \"question\": \"Q?\", \"options\": [\"x\", \"y\"]}, {\"id\": \"a\", \"question\": \"R?\", \"options\": [\"x\", \"y\"]}]", "q.json");

        Assert.Equal("duplicate-id", Assert.Single(read.Problems).Rule);
        Assert.Single(read.Questions);
    }

    [Fact]
    public void Read_TooManyQuestions_IsRefused()
    {
        var text = "[" + string.Join(",", Enumerable.Repeat("{\"question\": \"Q?\", \"options\": [\"x\", \"y\"]}", QuizFile.MaxQuestions + 1)) + "]";

        var read = QuizFile.Read(text, "big.json");

        Assert.Empty(read.Questions);
        Assert.Equal("too-large", Assert.Single(read.Problems).Rule);
    }

    [Fact]
    public void Read_DeepNesting_IsRefusedByTheParserLimit()
    {
        var text = new string('[', 50) + new string(']', 50);

        var read = QuizFile.Read(text, "deep.json");

        Assert.Equal("too-deep", Assert.Single(read.Problems).Rule);
    }

    [Theory]
    [InlineData("ac", "AC")]
    [InlineData("C,A", "AC")]
    [InlineData("A + C", "AC")]
    [InlineData("b", "B")]
    [InlineData("AA", null)]
    [InlineData("A1", null)]
    [InlineData("", null)]
    public void Letters_Normalises(string text, string? expected)
    {
        Assert.Equal(expected, QuizFile.Letters(text));
    }
}
