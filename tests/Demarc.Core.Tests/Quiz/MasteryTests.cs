using Demarc.Catalog;
using Demarc.Quiz;

namespace Demarc.Core.Tests.Quiz;

public class MasteryTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static ItemProgress State(string item, string? domain, string? model, int box, int attempts, int correct, string kind = "who") =>
        new(item, new ItemTags(kind, domain, model, "ec2"), box, Now + Leitner.Interval(box), attempts, correct, 0, Now);

    [Fact]
    public void Compute_GroupsByDomainModelAndKind()
    {
        var states = new[]
        {
            State("a", "guest_os", "iaas", 5, 4, 4),
            State("b", "guest_os", "managed", 1, 2, 0),
            State("c", "iam", "iaas", 3, 2, 2, "responsibility"),
            State("d", null, null, 4, 1, 1, "control"),
        };

        var report = Mastery.Compute(ResponsibilityCatalog.Default, "ana", states, Now);

        var guestOs = report.ByDomain.Single(r => r.Id == "guest_os");
        Assert.Equal(2, guestOs.Items);
        Assert.Equal(1, guestOs.Mastered);
        Assert.Equal(0.5, guestOs.Level, 3);          // boxes 5 and 1: (4/4 + 0/4) / 2
        Assert.Equal(4.0 / 6, guestOs.Accuracy, 3);
        Assert.Equal(1, report.ByDomain.Single(r => r.Id == Mastery.ControlsRow).Items);
        Assert.Equal(0, report.ByDomain.Single(r => r.Id == "phys").Items);
        Assert.Equal(ResponsibilityCatalog.Default.Domains.Count + 1, report.ByDomain.Count);

        var iaas = report.ByModel.Single(r => r.Id == "iaas");
        Assert.Equal(2, iaas.Items);
        Assert.Equal((1.0 + 0.5) / 2, iaas.Level, 3);
        Assert.Equal(4, report.Overall.Items);
        Assert.Equal(2, report.Overall.Mastered);
        Assert.Equal(1, report.ByKind.Single(r => r.Id == "control").Items);
    }

    [Fact]
    public void Compute_CountsItemsDueNow()
    {
        var due = State("a", "guest_os", "iaas", 1, 1, 0) with { DueAt = Now - TimeSpan.FromMinutes(1) };
        var later = State("b", "guest_os", "iaas", 2, 1, 1);

        var report = Mastery.Compute(ResponsibilityCatalog.Default, "ana", [due, later], Now);

        Assert.Equal(1, report.Overall.Due);
    }

    [Fact]
    public void Compute_UnknownDomain_KeepsItsOwnRow()
    {
        var report = Mastery.Compute(ResponsibilityCatalog.Default, "ana", [State("x", "retired_domain", "iaas", 2, 1, 1)], Now);

        Assert.Equal(1, report.ByDomain.Single(r => r.Id == "retired_domain").Items);
    }
}
