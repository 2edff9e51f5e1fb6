using Demarc.Catalog;
using Demarc.Model;

namespace Demarc.Views;

/// <summary>One cell as a user sees it: the domain, the cell, whether it departs from its model's default, and the sources behind it.</summary>
/// <param name="Sources">The cell's own sources; for a cell that follows its model's default without its own, the model's sources.</param>
public sealed record CellView(Domain Domain, Cell Cell, Owner DefaultOwner, bool IsOverridden, IReadOnlyList<Source> Sources)
{
    /// <summary>True when the owner differs from what the service model would give.</summary>
    public bool IsException => Cell.Owner != DefaultOwner;
}

/// <summary>The answer to "who is responsible for this domain on this service?".</summary>
/// <param name="Controls">AWS's IT controls that cover the domain (for example patch management, a shared control).</param>
public sealed record WhoAnswer(Subject Subject, ServiceModel Model, CellView Cell, IReadOnlyList<(ControlCategory Category, Control Control)> Controls);

/// <summary>How a variant differs from its service: the cells it changes.</summary>
public sealed record VariantDifference(Variant Variant, IReadOnlyList<(Domain Domain, Owner From, Owner To)> Changes);

/// <summary>The full matrix of one service or variant.</summary>
/// <param name="Variants">For a service, its variants and how they differ; for a variant, empty (see <see cref="Parent"/>).</param>
public sealed record ServiceMatrix(Subject Subject, ServiceModel Model, IReadOnlyList<CellView> Cells, IReadOnlyList<VariantDifference> Variants, Subject? Parent)
{
    /// <summary>How many domains each owner carries.</summary>
    public IReadOnlyDictionary<Owner, int> Counts => OwnerCounts(Cells.Select(c => c.Cell.Owner));

    internal static Dictionary<Owner, int> OwnerCounts(IEnumerable<Owner> owners)
    {
        var counts = OwnerNames.All.ToDictionary(o => o, _ => 0);
        foreach (var owner in owners)
        {
            counts[owner]++;
        }

        return counts;
    }
}

/// <summary>One row of a comparison: a domain and its cell on every compared subject.</summary>
public sealed record ComparisonRow(Domain Domain, IReadOnlyList<CellView> Cells);

/// <summary>One row of the source document's core table, evaluated for every compared subject.</summary>
/// <param name="Owners">Per subject: who carries the row (Shared when AWS and the customer each own part of it).</param>
public sealed record CoreComparisonRow(CoreModelRow Row, IReadOnlyList<Owner> Owners);

/// <summary>Domains × services side by side, and the same grouped as the source document's core table.</summary>
public sealed record Comparison(IReadOnlyList<Subject> Subjects, IReadOnlyList<ServiceModel> Models, IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<CoreComparisonRow> CoreRows);

/// <summary>Which way a domain moves when a workload moves between services.</summary>
public enum ShiftDirection
{
    /// <summary>The customer carries less of it afterwards.</summary>
    ToAws,

    /// <summary>The customer carries more of it afterwards.</summary>
    ToCustomer,

    /// <summary>Same owner before and after.</summary>
    Unchanged,

    /// <summary>The domain did not apply before and does now.</summary>
    Appears,

    /// <summary>The domain applied before and does not now.</summary>
    Disappears,
}

/// <summary>One domain's move between two services.</summary>
public sealed record ShiftChange(Domain Domain, CellView From, CellView To, ShiftDirection Direction);

/// <summary>What moves to AWS, what moves to the customer and what stays, when a workload moves from one service to another.</summary>
/// <param name="CustomerLoadBefore">Domains the customer carries before (Customer = 1, Shared = ½).</param>
public sealed record Shift(Subject From, Subject To, ServiceModel FromModel, ServiceModel ToModel, IReadOnlyList<ShiftChange> Changes, double CustomerLoadBefore, double CustomerLoadAfter)
{
    /// <summary>The changes in one direction, in domain order.</summary>
    public IReadOnlyList<ShiftChange> Where(ShiftDirection direction) => [.. Changes.Where(c => c.Direction == direction)];
}

/// <summary>A service in a list: its model and how the domains split.</summary>
public sealed record ServiceListing(Service Service, ServiceModel Model, IReadOnlyDictionary<Owner, int> Counts, IReadOnlyList<Domain> CustomerPlatformDomains);

/// <summary>The views every command and page shows: pure functions over a catalog.</summary>
public static class ResponsibilityViews
{
    /// <summary>One cell, explained.</summary>
    public static WhoAnswer Who(ResponsibilityCatalog catalog, Subject subject, Domain domain)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(domain);
        var controls = catalog.ControlCategories
            .SelectMany(category => category.Controls.Select(control => (category, control)))
            .Where(pair => pair.control.DomainIds.Contains(domain.Id))
            .ToList();
        return new WhoAnswer(subject, catalog.Model(subject.ModelId), View(catalog, subject, domain), controls);
    }

    /// <summary>The full matrix of a service or variant.</summary>
    public static ServiceMatrix Show(ResponsibilityCatalog catalog, Subject subject)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(subject);
        var cells = catalog.Domains.Select(d => View(catalog, subject, d)).ToList();
        var parent = subject.Variant is null ? null : new Subject(subject.Service, null);
        var variants = subject.Variant is null
            ? subject.Service.Variants.Select(v => Difference(catalog, subject.Service, v)).ToList()
            : [];
        return new ServiceMatrix(subject, catalog.Model(subject.ModelId), cells, variants, parent);
    }

    /// <summary>How a variant differs from its service.</summary>
    public static VariantDifference Difference(ResponsibilityCatalog catalog, Service service, Variant variant)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(variant);
        var changes = catalog.Domains
            .Where(d => variant.Overrides.ContainsKey(d.Id))
            .Select(d => (d, service.Cells[d.Id].Owner, variant.Overrides[d.Id].Owner))
            .ToList();
        return new VariantDifference(variant, changes);
    }

    /// <summary>Domains × subjects, and the core-table view.</summary>
    public static Comparison Compare(ResponsibilityCatalog catalog, IReadOnlyList<Subject> subjects)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(subjects);
        var rows = catalog.Domains
            .Select(d => new ComparisonRow(d, subjects.Select(s => View(catalog, s, d)).ToList()))
            .ToList();
        var coreRows = catalog.CoreModel
            .Select(r => new CoreComparisonRow(r, subjects.Select(s => CoreOwner(r, s)).ToList()))
            .ToList();
        return new Comparison(subjects, subjects.Select(s => catalog.Model(s.ModelId)).ToList(), rows, coreRows);
    }

    /// <summary>
    /// Who carries a core-table row on a subject: AWS when only AWS owns parts of it, Customer when only the customer
    /// does, Shared when both do (a Shared cell counts for both sides); N/A when none of its domains applies.
    /// </summary>
    public static Owner CoreOwner(CoreModelRow row, Subject subject)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(subject);
        var owners = row.DomainIds.Select(d => subject.CellFor(d).Owner).Where(o => o != Owner.NotApplicable).ToList();
        var awsSide = owners.Any(o => o is Owner.Aws or Owner.Shared);
        var customerSide = owners.Any(o => o is Owner.Customer or Owner.Shared);
        return (awsSide, customerSide) switch
        {
            (true, true) => Owner.Shared,
            (true, false) => Owner.Aws,
            (false, true) => Owner.Customer,
            _ => Owner.NotApplicable,
        };
    }

    /// <summary>What changes when a workload moves from one subject to another.</summary>
    public static Shift Shift(ResponsibilityCatalog catalog, Subject from, Subject to)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var changes = new List<ShiftChange>();
        foreach (var domain in catalog.Domains)
        {
            var before = View(catalog, from, domain);
            var after = View(catalog, to, domain);
            changes.Add(new ShiftChange(domain, before, after, DirectionOf(before.Cell.Owner, after.Cell.Owner)));
        }

        return new Shift(
            from,
            to,
            catalog.Model(from.ModelId),
            catalog.Model(to.ModelId),
            changes,
            changes.Sum(c => c.From.Cell.Owner.CustomerWeight()),
            changes.Sum(c => c.To.Cell.Owner.CustomerWeight()));
    }

    /// <summary>Which way responsibility moves between two owners.</summary>
    public static ShiftDirection DirectionOf(Owner before, Owner after)
    {
        if (before == after)
        {
            return ShiftDirection.Unchanged;
        }

        if (before == Owner.NotApplicable)
        {
            return ShiftDirection.Appears;
        }

        if (after == Owner.NotApplicable)
        {
            return ShiftDirection.Disappears;
        }

        return after.CustomerWeight() < before.CustomerWeight() ? ShiftDirection.ToAws : ShiftDirection.ToCustomer;
    }

    /// <summary>Services, optionally of one model, with their split.</summary>
    public static IReadOnlyList<ServiceListing> Services(ResponsibilityCatalog catalog, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Services
            .Where(s => modelId is null || s.ModelId == modelId)
            .Select(s => new ServiceListing(
                s,
                catalog.Model(s.ModelId),
                ServiceMatrix.OwnerCounts(s.Cells.Values.Select(c => c.Owner)),
                catalog.Domains.Where(d => d.Group == "platform" && s.Cells[d.Id].Owner is Owner.Customer or Owner.Shared).ToList()))];
    }

    /// <summary>A cell with its default owner and resolved sources.</summary>
    public static CellView View(ResponsibilityCatalog catalog, Subject subject, Domain domain)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(domain);
        var cell = subject.CellFor(domain.Id);
        var model = catalog.Model(subject.ModelId);
        var defaultOwner = model.Defaults.TryGetValue(domain.Id, out var d) ? d : domain.DefaultOwner;
        var sourceIds = cell.SourceIds.Count > 0 ? cell.SourceIds : model.SourceIds;
        var sources = sourceIds.Select(id => catalog.Sources[id]).ToList();
        return new CellView(domain, cell, defaultOwner, subject.IsOverridden(domain.Id), sources);
    }
}
