using System.Text.Json;

namespace Demarc.Cli.Tests;

/// <summary><c>demarc ask</c> as users run it: answers, formats, exit codes, files, and the evaluation sets through --batch.</summary>
public class AskCommandTests
{
    private static readonly string Data = Path.Combine(Golden.RepositoryRoot(), "tests", "data");

    public static TheoryData<string, string[]> GoldenCases()
    {
        var commands = new Dictionary<string, string[]>
        {
            ["ask-ec2-guest-os"] = ["ask", "Who is responsible for patching the guest operating system on an Amazon EC2 instance?"],
            ["ask-s3-encryption"] = ["ask", "Who is responsible for encrypting data stored in Amazon S3?"],
            ["ask-choose-two"] = ["ask", "Which of the following are AWS's responsibilities? (Choose two.)", "-o", "A=Physical security of facilities",
                "-o", "B=Managing IAM permissions", "-o", "C=Maintaining the underlying hardware", "-o", "D=Patching guest operating systems on EC2", "--explain"],
        };
        var data = new TheoryData<string, string[]>();
        foreach (var (name, args) in commands)
        {
            foreach (var (format, extension) in new[] { ("table", "txt"), ("json", "json"), ("markdown", "md"), ("csv", "csv") })
            {
                data.Add($"{name}.{extension}", [.. args, "--format", format]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public async Task Ask_Format_MatchesGoldenFile(string golden, string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal("", result.Error);
        Golden.Verify(golden, result.Output);
    }

    [Fact]
    public async Task Ask_SourceDocumentExamples_AnswerAsTheDocumentSays()
    {
        var ec2 = await Json("ask", "Who is responsible for patching the guest operating system on an Amazon EC2 instance?");
        var rds = await Json("ask", "Who is responsible for patching the guest operating system on an RDS instance?");
        var s3 = await Json("ask", "Who is responsible for encrypting data stored in Amazon S3?");

        Assert.Equal("Customer", ec2.GetProperty("verdict").GetString());
        Assert.Equal("AWS", rds.GetProperty("verdict").GetString());
        Assert.Equal("Customer", s3.GetProperty("verdict").GetString());
        Assert.Contains("SSE-S3", s3.GetProperty("cells")[0].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal("guest_os", rds.GetProperty("understood").GetProperty("domains")[0].GetString());
        Assert.Equal("rds", rds.GetProperty("understood").GetProperty("service").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Ask_NotUnderstood_ExitsThreeAndSaysWhat()
    {
        var result = await CliRunner.RunAsync("ask", "What is the capital of France?");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Not understood", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_Tentative_ExitsFour()
    {
        // Both options are the customer's: the reader cannot tell which one the question means, and says so.
        var result = await CliRunner.RunAsync("ask", "Which of the following is the customer's responsibility?", "-o", "A=Configuring security groups", "-o", "B=Managing IAM users");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("Tentative", result.Output, StringComparison.Ordinal);
        Assert.Contains("options are close", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_OptionWithoutText_InputError()
    {
        var result = await CliRunner.RunAsync("ask", "Which is AWS's?", "-o", "A=");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs a text", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ChooseOverridesTheText()
    {
        var answer = await Json("ask", "Which of the following are AWS's responsibilities?", "-o", "Hardware", "-o", "IAM policies", "-o", "Hypervisor", "--choose", "2");

        Assert.Equal("AC", answer.GetProperty("verdict").GetString());
        Assert.Equal(2, answer.GetProperty("understood").GetProperty("choose").GetInt32());
    }

    [Fact]
    public async Task Ask_YamlFile_AnsweredWithTheExpectedAnswerCompared()
    {
        var path = Path.Combine(Path.GetTempPath(), $"demarc-ask-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, """
            id: y1
            question: Which of the following is the customer's responsibility?
            options:
              A: Physical security of data centers
              B: Patching the hypervisor
              C: Configuring security groups
            answer: C
            """);
        try
        {
            var result = await CliRunner.RunAsync("ask", "--file", path, "--format", "json");
            using var json = JsonDocument.Parse(result.Output);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("C", json.RootElement.GetProperty("verdict").GetString());
            Assert.True(json.RootElement.GetProperty("correct").GetBoolean());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Ask_FileWithUnknownKey_InputErrorWithPosition()
    {
        var path = Path.Combine(Path.GetTempPath(), $"demarc-ask-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{\n  \"question\": \"Who patches the hypervisor?\",\n  \"anwser\": \"AWS\"\n}\n");
        try
        {
            var result = await CliRunner.RunAsync("ask", "--file", path);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{path}:3:3: unknown key 'anwser'", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Ask_BatchWithABadLine_ReportsItAndAnswersTheOthers()
    {
        var path = Path.Combine(Path.GetTempPath(), $"demarc-ask-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            """{"id": "a", "question": "Who is responsible for patching the hypervisor?", "answer": "AWS"}""",
            """{"id": "b", "question": "broken""",
            """{"id": "c", "question": "Who is responsible for classifying customer data?", "answer": "Customer"}""",
        ]);
        try
        {
            var result = await CliRunner.RunAsync("ask", "--batch", path, "--format", "json");
            using var json = JsonDocument.Parse(result.Output);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{path}:2:", result.Error, StringComparison.Ordinal);
            Assert.Equal(2, json.RootElement.GetProperty("questions").GetInt32());
            Assert.Equal(2, json.RootElement.GetProperty("correct").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Ask_BatchWithAMiss_ExitsOneUnlessAboveMinAccuracy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"demarc-ask-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            """{"id": "right", "question": "Who is responsible for patching the hypervisor?", "answer": "AWS"}""",
            """{"id": "wrong", "question": "Who is responsible for managing IAM users?", "answer": "AWS"}""",
        ]);
        try
        {
            var strict = await CliRunner.RunAsync("ask", "--batch", path);
            var lenient = await CliRunner.RunAsync("ask", "--batch", path, "--min-accuracy", "50");

            Assert.Equal(1, strict.ExitCode);
            Assert.Contains("Accuracy:", strict.Output, StringComparison.Ordinal);
            Assert.Contains("1/2 = 50.0 %", strict.Output, StringComparison.Ordinal);
            Assert.Contains("wrong: expected AWS, answered Customer", strict.Output, StringComparison.Ordinal);
            Assert.Equal(0, lenient.ExitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Ask_EvaluationSet_AtLeast95PercentThroughBatch()
    {
        var (accuracy, questions, json) = await Batch("ask-eval.jsonl");

        Assert.True(questions >= 200, $"only {questions} questions");
        Assert.True(accuracy >= 95.0, $"accuracy {accuracy:0.0} % is below 95 %; misses: {Misses(json)}");
    }

    [Fact]
    public async Task Ask_HeldOutSet_AtLeast95PercentThroughBatch()
    {
        var (accuracy, questions, json) = await Batch("ask-heldout.jsonl");

        Assert.True(questions >= 50, $"only {questions} questions");
        Assert.True(accuracy >= 95.0, $"held-out accuracy {accuracy:0.0} % is below 95 %; misses: {Misses(json)}");
    }

    [Fact]
    public async Task Ask_EvaluationSet_CoversTheFormsAndThirtyServices()
    {
        var (_, _, json) = await Batch("ask-eval.jsonl");
        var answers = json.GetProperty("answers").EnumerateArray().ToList();
        var forms = answers.Select(a => a.GetProperty("understood").GetProperty("form").GetString()).ToHashSet();
        var services = answers
            .SelectMany(a => a.GetProperty("options").EnumerateArray().SelectMany(o => o.GetProperty("cells").EnumerateArray())
                .Concat(a.GetProperty("cells").EnumerateArray())
                .Select(c => c.GetProperty("service"))
                .Append(a.GetProperty("understood").GetProperty("service")))
            .Where(s => s.ValueKind == JsonValueKind.Object)
            .Select(s => s.GetProperty("service").GetString())
            .ToHashSet();
        var multiple = answers.Count(a => a.GetProperty("letters").GetArrayLength() > 1);

        foreach (var form in new[] { "who", "owner-choice", "layer-choice", "control-choice", "classification", "statement-choice", "true-false", "completion", "service-choice", "shift", "party-choice" })
        {
            Assert.Contains(form, forms);
        }

        Assert.True(answers.Count(a => a.GetProperty("understood").GetProperty("negated").GetBoolean()) >= 20, "fewer than 20 negated questions");
        Assert.True(multiple >= 30, $"only {multiple} multiple-answer questions");
        Assert.True(services.Count >= 30, $"only {services.Count} services: {string.Join(", ", services)}");
    }

    private static async Task<(double Accuracy, int Questions, JsonElement Json)> Batch(string file)
    {
        var result = await CliRunner.RunAsync("ask", "--batch", Path.Combine(Data, file), "--format", "json", "--min-accuracy", "0");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        var json = JsonDocument.Parse(result.Output).RootElement.Clone();
        Assert.Equal(0, json.GetProperty("problems").GetArrayLength());
        return (json.GetProperty("accuracy").GetDouble(), json.GetProperty("questions").GetInt32(), json);
    }

    private static string Misses(JsonElement json) =>
        string.Join("; ", json.GetProperty("misses").EnumerateArray().Select(m => $"{m.GetProperty("id").GetString()}: expected {m.GetProperty("expected").GetString()}, got {m.GetProperty("verdict").GetString()}"));

    private static async Task<JsonElement> Json(params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, "--format", "json"]);
        Assert.True(result.ExitCode is 0 or 4, $"exit {result.ExitCode}: {result.Error}");
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }
}
