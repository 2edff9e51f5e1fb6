using System.Collections.Frozen;

namespace Demarc.Asking;

/// <summary>
/// The reader's own vocabulary: the words exam questions use to say who, whether, how many and which way, as opposed
/// to what (the catalog's domain, control and service vocabulary). Lower-case raw words (see <see cref="Token.Lower"/>).
/// </summary>
internal static class Lexicon
{
    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that name AWS as a party.</summary>
    public static readonly FrozenSet<string> AwsWords = Set("aws", "amazon", "provider");

    /// <summary>Words that name the customer as a party (the exam's "company", "team", "developer"...).</summary>
    public static readonly FrozenSet<string> CustomerWords = Set(
        "customer", "customers", "you", "company", "companies", "organization", "organisation", "organizations",
        "business", "team", "teams", "developer", "developers", "startup", "enterprise", "tenant", "tenants",
        "consumer", "consumers", "we", "administrator", "administrators", "architect", "architects", "engineer",
        "engineers", "client", "clients", "firm", "user", "users");

    /// <summary>Customer words that are also ordinary nouns inside tasks ("IAM users", "client-side", "end users").</summary>
    public static readonly FrozenSet<string> WeakCustomerWords = Set("user", "users", "client", "clients", "consumer", "consumers", "tenant", "tenants");

    /// <summary>Words that say both parties.</summary>
    public static readonly FrozenSet<string> BothWords = Set("both", "shared", "jointly", "together", "share", "shares");

    /// <summary>Words that turn a question or a statement around.</summary>
    public static readonly FrozenSet<string> NegationWords = Set("not", "except", "never", "no", "cannot", "neither", "nor", "without");

    /// <summary>The first halves of contractions split by the tokenizer ("isn't" → "isn", "t").</summary>
    public static readonly FrozenSet<string> ContractionHeads = Set("isn", "aren", "doesn", "don", "didn", "wasn", "weren", "won", "shouldn", "wouldn", "can", "couldn", "hasn", "haven", "mustn", "needn");

    /// <summary>Words that ask for true statements (and their opposite).</summary>
    public static readonly FrozenSet<string> TrueWords = Set("true", "correct", "accurate", "accurately", "valid", "right", "correctly");

    public static readonly FrozenSet<string> FalseWords = Set("false", "incorrect", "inaccurate", "untrue", "wrong", "invalid", "inaccurately");

    /// <summary>Words that say a statement is about the whole model, across services.</summary>
    public static readonly FrozenSet<string> UniversalWords = Set("always", "regardless", "every", "all", "irrespective", "whatever", "any");

    /// <summary>Words that mean one party alone.</summary>
    public static readonly FrozenSet<string> SoleWords = Set("solely", "only", "sole", "exclusively", "alone", "entirely", "fully", "completely", "100");

    /// <summary>Words that say responsibilities change from service to service.</summary>
    public static readonly FrozenSet<string> VaryWords = Set("vary", "varies", "varying", "differ", "differs", "different", "depend", "depends", "dependent", "depending", "change", "changes", "determined", "determines", "based", "shifts", "shift");

    /// <summary>Words that say responsibilities do not change.</summary>
    public static readonly FrozenSet<string> SameWords = Set("same", "identical", "fixed", "uniform", "constant", "unchanged", "static");

    /// <summary>What responsibilities legitimately vary by: the service and its type.</summary>
    public static readonly FrozenSet<string> VaryByServiceWords = Set("service", "services", "type", "types", "model", "models", "offering", "offerings", "used", "uses", "use", "selected", "selects", "chosen", "chooses", "choose", "select", "deployed", "deploys", "managed", "iaas", "paas", "saas", "serverless");

    /// <summary>What responsibilities do not vary by.</summary>
    public static readonly FrozenSet<string> VaryByOtherWords = Set("region", "regions", "support", "plan", "plans", "price", "pricing", "cost", "costs", "size", "account", "accounts", "contract", "time", "zone", "zones", "country", "billing", "tier", "budget", "spend");

    /// <summary>Words that say less is left to the customer (service-selection questions), stemmed.</summary>
    public static readonly FrozenSet<string> OffloadWords = Stems(
        "offload", "offloads", "avoid", "avoids", "stop", "stops", "reduce", "reduces", "reducing", "eliminate", "eliminates", "removes",
        "remove", "without", "less", "least", "fewer", "minimal", "minimize", "minimise", "minimum", "lowest", "relieve", "relieves", "free",
        "outsource", "delegate", "spare", "lets", "let", "allow", "allows", "handled", "takes", "take", "over", "longer", "abstract",
        "minimizing", "minimising", "offloading", "avoiding", "stopping", "reduced", "eliminating", "simplify", "overhead");

    /// <summary>Words that say more is left to the customer, stemmed.</summary>
    public static readonly FrozenSet<string> ControlWords = Stems("most", "more", "maximum", "full", "greatest", "highest", "control", "requires", "require", "required", "must", "keep", "places", "retain", "retains", "access");

    /// <summary>Words that mark one service becoming another.</summary>
    public static readonly FrozenSet<string> MoveWords = Set("move", "moves", "moving", "moved", "migrate", "migrates", "migrating", "migrated", "migration", "switch", "switches", "switching", "replace", "replaces", "replacing", "transfer", "transfers", "transferred", "shift", "shifts", "shifting", "instead", "rather", "convert", "converting");

    /// <summary>Tokens that say the text is a category name rather than a task.</summary>
    public static readonly FrozenSet<string> ControlNouns = Set("control", "controls", "auditing", "audit", "category", "categories");

    /// <summary>Number words for "choose two".</summary>
    public static readonly FrozenDictionary<string, int> Numbers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5,
        ["1"] = 1, ["2"] = 2, ["3"] = 3, ["4"] = 4, ["5"] = 5,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Phrases that frame a question without adding meaning ("according to the AWS shared responsibility model").
    /// Removed before the topic of a question is read so that "shared" or "model" do not count as content.
    /// </summary>
    public static readonly IReadOnlyList<string> Boilerplate =
    [
        "shared responsibility model", "aws shared responsibility model", "the shared responsibility model",
        "responsibility model", "which of the following", "which of these", "which one of the following",
        "which one", "all of the following", "each of the following", "all of these", "true or false",
        "in the context of", "according to", "under the", "based on", "in terms of", "with regard to",
        "as part of the", "which statement", "which statements", "the following",
    ];

    /// <summary>Words the customer side of a shared cell is described with: configuring, choosing, enabling (stemmed).</summary>
    public static readonly FrozenSet<string> CustomerSideStems = Stems(
        "enable", "turn", "configure", "choose", "set", "decide", "select", "create", "write", "define", "grant", "start",
        "initiate", "schedule", "opt", "request", "rotate", "classify", "review", "test", "tune", "retention", "policy", "rule",
        "respond", "plan", "design", "deploy", "copy", "restore", "upload", "major", "timing", "permission", "own", "choice");

    /// <summary>Words the AWS side of a shared cell is described with: operating, running, replacing (stemmed).</summary>
    public static readonly FrozenSet<string> AwsSideStems = Stems(
        "automatic", "automatically", "automated", "operate", "run", "perform", "replace", "failover", "fail", "underlying",
        "infrastructure", "durability", "durable", "hardware", "detect", "release", "provide", "host", "fleet", "physical",
        "maintain", "availability", "standard", "redundancy", "replicate", "publish", "server", "carry", "execute");

    private static FrozenSet<string> Stems(params string[] words) =>
        words.Select(Demarc.Text.Words.Stem).ToFrozenSet(StringComparer.Ordinal);
}
