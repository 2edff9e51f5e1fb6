using System.Text;
using Demarc.Asking;
using Demarc.Parsing;

namespace Demarc.Core.Tests.Asking;

public class QuestionFileTests
{
    private static QuestionFileResult Read(string name, string text, ParseLimits? limits = null) =>
        QuestionFile.Read(name, Encoding.UTF8.GetBytes(text), limits);

    [Fact]
    public void Read_JsonLines_EveryKeyRead()
    {
        var result = Read("q.jsonl", """
            {"id": "q001", "question": "Which are AWS's?", "options": {"A": "Hardware", "B": "IAM", "C": "Hypervisor"}, "choose": 2, "answer": "AC", "justification": "Of the cloud."}
            {"question": "Who patches the guest OS on EC2?", "answer": "Customer"}
            """);

        Assert.Empty(result.Problems);
        Assert.Equal(2, result.Questions.Count);
        var first = result.Questions[0];
        Assert.Equal("q001", first.Id);
        Assert.Equal(["A", "B", "C"], first.Options.Select(o => o.Letter));
        Assert.Equal("Hypervisor", first.Options[2].Text);
        Assert.Equal(2, first.Choose);
        Assert.Equal("AC", first.Answer);
        Assert.Equal("Of the cloud.", first.Justification);
        Assert.Equal(2, result.Questions[1].Location?.Line);
    }

    [Fact]
    public void Read_JsonLinesWithBadLines_ReportsLineAndColumnAndKeepsTheRest()
    {
        var result = Read("q.jsonl", """
            {"question": "Who patches the hypervisor?"}
            {"question": "broken", "options": {"A": "x"
            {"question": "Which?", "options": {"A": "Hardware"}, "answer": "B"}
            not json at all

            {"question": "Who owns customer data?", "anwser": "Customer"}
            {"question": "Who owns the edge locations?"}
            """);

        Assert.Equal(["Who patches the hypervisor?", "Who owns the edge locations?"], result.Questions.Select(q => q.Text));
        Assert.Equal([2, 3, 4, 6], result.Problems.Select(p => p.Location.Line).Distinct());
        Assert.Contains(result.Problems, p => p.Location.Line == 3 && p.Message.Contains("no option B", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Location.Line == 6 && p.Message.Contains("unknown key 'anwser'", StringComparison.Ordinal) && p.Location.Column > 1);
    }

    [Fact]
    public void Read_YamlDocument_SameShape()
    {
        var result = Read("q.yaml", """
            id: y1
            question: Which of the following is the customer's responsibility?
            options:
              A: Physical security of data centers
              B: Configuring security groups
            answer: B
            """);

        Assert.Empty(result.Problems);
        var question = Assert.Single(result.Questions);
        Assert.Equal("y1", question.Id);
        Assert.Equal("Configuring security groups", question.Options[1].Text);
    }

    [Fact]
    public void Read_AnswerCountDiffersFromChoose_Problem()
    {
        var result = Read("q.json", """{"question": "Which?", "options": {"A": "a", "B": "b", "C": "c"}, "choose": 2, "answer": "A"}""");

        Assert.Empty(result.Questions);
        Assert.Contains("choose", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OptionKeysNotLetters_Problem()
    {
        var result = Read("q.json", """{"question": "Which?", "options": {"1": "a", "B": "b"}}""");

        Assert.Contains("single capital letters", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooLongText_Problem()
    {
        var result = Read("q.json", $$"""{"question": "{{new string('x', QuestionFile.MaxTextLength + 1)}}"}""");

        Assert.Empty(result.Questions);
        Assert.Contains("longer than", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_YamlAliasBomb_RefusedWithAPosition()
    {
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++)
        {
            bomb.Append($"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]\n");
        }

        var result = Read("bomb.yaml", bomb.ToString());

        Assert.Empty(result.Questions);
        var problem = Assert.Single(result.Problems);
        Assert.True(problem.Location.Line > 1);
        Assert.Contains("nodes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileLargerThanTheLimit_RefusedBeforeParsing()
    {
        var result = Read("q.json", """{"question": "Who patches the hypervisor?"}""", ParseLimits.Default with { MaxBytes = 10 });

        Assert.Empty(result.Questions);
        Assert.Contains("limit", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_ReportsWhere()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"question\": \"Who?\"}\n{\"question\": \"x").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        var result = QuestionFile.Read("q.jsonl", bytes);

        Assert.Equal(2, Assert.Single(result.Problems).Location.Line);
    }
}
