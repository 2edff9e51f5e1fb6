using Demarc.Scanning.Checks;

namespace Demarc.Core.Tests.Checks;

/// <summary>One test over the whole registry: every check against the named cases of its fixture file.</summary>
public class CheckFixtureTests
{
    public static TheoryData<string> Checks()
    {
        var data = new TheoryData<string>();
        foreach (var check in CheckRegistry.Default.Checks)
        {
            data.Add(check.Definition.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Check_FixtureCases_HaveExpectedOutcomes(string id)
    {
        var check = CheckRegistry.Default.Find(id)!;
        Assert.True(File.Exists(Path.Combine(CheckFixture.Directory, id + ".yaml")), $"{id} has no fixture file tests/Demarc.Core.Tests/Checks/Fixtures/{id}.yaml");
        var fixture = CheckFixture.Load(id);
        var results = fixture.Run(check);

        var failures = new List<string>();
        foreach (var @case in fixture.Cases)
        {
            if (!results.TryGetValue(@case.Resource, out var result))
            {
                failures.Add($"{@case.Resource}: no resource of type {string.Join("/", check.Definition.ResourceTypes)} with this id in the template");
                continue;
            }

            Assert.True(CheckNames.TryParseOutcome(@case.Expected, out var expected), $"{fixture.Path}: '{@case.Expected}' is not an outcome");
            if (result.Outcome != expected)
            {
                failures.Add($"{@case.Resource}: expected {expected.Display()}, got {result.Outcome.Display()} ({result.Message})");
            }
        }

        var unnamed = results.Keys.Except(fixture.Cases.Select(c => c.Resource)).ToList();
        Assert.True(unnamed.Count == 0, $"{fixture.Path}: resources without an expected outcome: {string.Join(", ", unnamed)}");
        Assert.True(failures.Count == 0, $"{id} ({fixture.Path}):\n  " + string.Join("\n  ", failures));
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Check_Fixture_CoversPassAndFail(string id)
    {
        var check = CheckRegistry.Default.Find(id)!;
        var fixture = CheckFixture.Load(id);
        var outcomes = fixture.Cases.Select(c => c.Expected).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("pass", outcomes);
        // A check whose control AWS covers by default may have no failing state; its default case stands in for it.
        Assert.True(
            outcomes.Contains("fail") || (check.Definition.Default is not null && outcomes.Contains("aws-default")),
            $"{id}: the fixture needs a case that fails{(check.Definition.Default is null ? "" : " (or, for a check with an AWS default, one that is aws-default)")}");
        if (check.Definition.Default is not null)
        {
            Assert.Contains("aws-default", outcomes);
        }
    }
}
