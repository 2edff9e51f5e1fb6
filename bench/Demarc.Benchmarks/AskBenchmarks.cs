using BenchmarkDotNet.Attributes;
using Demarc.Asking;
using Demarc.Catalog;

namespace Demarc.Benchmarks;

/// <summary>
/// One <c>demarc ask</c> answer after the catalog is loaded and the reader built (the target is under 5 ms):
/// a who-question, a choose-two question, a true-or-false statement and a which-service question.
/// </summary>
[MemoryDiagnoser]
public class AskBenchmarks
{
    private Asker _asker = null!;
    private AskQuestion _who = null!;
    private AskQuestion _chooseTwo = null!;
    private AskQuestion _statement = null!;
    private AskQuestion _service = null!;

    [GlobalSetup]
    public void Setup()
    {
        _asker = new Asker(ResponsibilityCatalog.Default);
        _who = AskQuestion.Of("Who is responsible for patching the guest operating system on an Amazon EC2 instance?");
        _chooseTwo = Question(
            "A company uses Amazon RDS for MySQL. Which tasks does AWS perform? (Select TWO.)",
            "Patching the operating system of the DB instance", "Creating MySQL user accounts", "Managing the storage hardware",
            "Configuring the DB security group", "Classifying stored data");
        _statement = Question(
            "Which statement about the AWS shared responsibility model is true?",
            "AWS is responsible for security in the cloud", "The customer is responsible for security of the cloud",
            "AWS is responsible for security of the cloud, and the customer is responsible for security in the cloud",
            "Customer responsibilities are identical for every AWS service");
        _service = Question(
            "A company wants to run containers without managing the underlying hosts. Which option should it choose?",
            "Amazon ECS on EC2 container instances", "AWS Fargate", "Amazon EKS with self-managed nodes", "Amazon EC2");
    }

    [Benchmark]
    public AskAnswer Who() => _asker.Answer(_who);

    [Benchmark]
    public AskAnswer ChooseTwo() => _asker.Answer(_chooseTwo);

    [Benchmark]
    public AskAnswer Statement() => _asker.Answer(_statement);

    [Benchmark]
    public AskAnswer WhichService() => _asker.Answer(_service);

    private static AskQuestion Question(string text, params string[] options) =>
        new(text, [.. options.Select((o, i) => new AskOption(((char)('A' + i)).ToString(), o))]);
}
