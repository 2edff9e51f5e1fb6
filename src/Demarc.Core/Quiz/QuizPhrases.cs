using System.Collections.Frozen;
using Demarc.Model;

namespace Demarc.Quiz;

/// <summary>
/// How questions name things: a task phrase per domain ("patching the guest operating system"), owners and control
/// categories as an exam would write them. Every built-in domain has a phrase that the catalog's own domain resolver reads
/// back as that domain (a test checks it), so <c>demarc ask</c>, which reads options through the same synonyms, can read
/// every generated option. A domain added later without a phrase falls back to its name.
/// </summary>
public static class QuizPhrases
{
    // Gerund task phrases, lower case (acronyms keep their case); each contains one of its domain's synonyms.
    private static readonly FrozenDictionary<string, string> DomainTasks = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["phys"] = "physical security of the data centers",
        ["hw"] = "maintaining and disposing of the physical hardware",
        ["net_infra"] = "protecting the global network infrastructure",
        ["virt"] = "patching the hypervisor",
        ["host_os"] = "patching the host operating system",
        ["guest_os"] = "patching the guest operating system",
        ["runtime"] = "applying runtime and engine software updates",
        ["app_code"] = "securing the application code and its dependencies",
        ["config"] = "securely configuring the service's resource settings",
        ["net_cfg"] = "configuring security groups and network ACLs",
        ["edge_protect"] = "DDoS and web application firewall protection",
        ["iam"] = "managing IAM users, roles and permissions",
        ["workload_identity"] = "managing database and operating system user accounts",
        ["data_class"] = "classifying the data and deciding where it resides",
        ["enc_rest"] = "encrypting data at rest",
        ["key_mgmt"] = "managing and rotating the encryption keys",
        ["enc_transit"] = "encrypting data in transit with TLS",
        ["backup"] = "backing up the data and testing restores",
        ["ha_dr"] = "designing for high availability and failover",
        ["scaling"] = "capacity planning and scaling",
        ["logging"] = "turning on and reviewing logging and monitoring",
        ["incident"] = "responding to security incidents",
        ["compliance"] = "producing compliance and audit evidence",
        ["training"] = "training employees in security awareness",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether a domain has its own task phrase (rather than the fallback to its name).</summary>
    public static bool HasTask(Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return DomainTasks.ContainsKey(domain.Id);
    }

    /// <summary>The domain as a task in running text: "patching the guest operating system".</summary>
    public static string Task(Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return DomainTasks.TryGetValue(domain.Id, out var task) ? task : LowerFirst(domain.Name);
    }

    /// <summary>The domain as an option: "Patching the guest operating system".</summary>
    public static string Option(Domain domain) => UpperFirst(Task(domain));

    /// <summary>An owner as an option of a "who is responsible" question.</summary>
    public static string OwnerOption(Owner owner) => owner switch
    {
        Owner.Aws => "AWS",
        Owner.Customer => "The customer",
        Owner.Shared => "Shared: AWS and the customer each own a part",
        _ => "Nobody: it does not apply",
    };

    /// <summary>An owner in running text: "AWS's", "the customer's".</summary>
    public static string Possessive(Owner owner) => owner switch
    {
        Owner.Aws => "AWS's",
        Owner.Customer => "the customer's",
        Owner.Shared => "shared",
        _ => "not applicable",
    };

    /// <summary>An owner as a subject in running text: "AWS", "the customer".</summary>
    public static string Party(Owner owner) => owner == Owner.Customer ? "the customer" : owner.Display();

    /// <summary>A control category in the singular with its article: "an inherited control".</summary>
    public static string CategorySingular(ControlCategory category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var name = LowerFirst(category.Name);
        if (name.EndsWith("controls", StringComparison.Ordinal))
        {
            name = name[..^1];
        }

        return ("aeiou".Contains(name[0], StringComparison.Ordinal) ? "an " : "a ") + name;
    }

    /// <summary>A control category in the plural: "shared controls".</summary>
    public static string CategoryPlural(ControlCategory category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return LowerFirst(category.Name);
    }

    /// <summary>"one", "two", … for "(Choose two.)".</summary>
    public static string Number(int n) => n switch
    {
        1 => "one",
        2 => "two",
        3 => "three",
        4 => "four",
        _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Upper-cases the first letter.</summary>
    public static string UpperFirst(string text) =>
        string.IsNullOrEmpty(text) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    // Lower-cases the first letter unless the first word is an acronym ("IAM", "DDoS").
    private static string LowerFirst(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var firstWord = text.Split(' ')[0];
        return firstWord.Length > 1 && firstWord.Skip(1).Any(char.IsUpper) ? text : char.ToLowerInvariant(text[0]) + text[1..];
    }
}
