using System.Text.RegularExpressions;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Scanning.Checks;

/// <summary>
/// Reads check definitions (<c>data/checks/*.yaml</c>, embedded as <c>checks/…</c>) into <see cref="Check"/>s.
/// Problems are collected with file, line and column, never thrown; see <c>docs/checks/README.md</c> for the format.
/// </summary>
public static partial class CheckLoader
{
    [GeneratedRegex(@"^DMC-[A-Z0-9]{2,6}-\d{3}$", RegexOptions.CultureInvariant)]
    internal static partial Regex IdPattern();

    /// <summary>Loads every check of the files; the diagnostics say what is wrong where.</summary>
    public static (IReadOnlyList<Check> Checks, IReadOnlyList<CatalogDiagnostic> Diagnostics) Load(IEnumerable<CatalogFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var diagnostics = new List<CatalogDiagnostic>();
        var checks = new List<Check>();
        foreach (var file in files)
        {
            var map = YamlMap.Parse(file.Name, file.Text, diagnostics, "a checks file");
            if (map is null)
            {
                continue;
            }

            var kind = map.String("kind", required: true);
            if (kind != "checks")
            {
                map.Error(map.Node, CatalogRules.InvalidValue, $"kind must be 'checks', not '{kind}'");
                continue;
            }

            var service = map.String("service");
            var catalogRequest = map.String("catalog_request");
            foreach (var entry in map.Maps("checks", required: true))
            {
                var check = ReadCheck(entry, service, catalogRequest);
                if (check is not null)
                {
                    checks.Add(check);
                }

                entry.Finish();
            }

            map.Finish();
        }

        return (checks, diagnostics);
    }

    private static Check? ReadCheck(YamlMap map, string? fileService, string? catalogRequest)
    {
        var errors = map.Diagnostics.Count;
        var id = map.String("id", required: true) ?? "";
        if (id.Length > 0 && !IdPattern().IsMatch(id))
        {
            map.Error(map.Get("id")!, CatalogRules.InvalidValue, $"check id '{id}' must look like DMC-S3-001");
        }

        var title = map.String("title", required: true) ?? "";
        var service = map.String("service") ?? fileService ?? "";
        if (service.Length == 0)
        {
            map.Error(map.Node, CatalogRules.Schema, "missing 'service' (on the check or the file)");
        }

        var domain = map.String("domain", required: true) ?? "";
        var severityText = map.String("severity", required: true);
        if (!CheckNames.TryParseSeverity(severityText, out var severity) && severityText is not null)
        {
            map.Error(map.Get("severity")!, CatalogRules.InvalidValue, $"severity '{severityText}' must be low, medium, high or critical");
        }

        var types = map.Strings("types").Select(t => t.Value).ToList();
        if (types.Count == 0)
        {
            map.Error(map.Node, CatalogRules.Schema, "missing 'types' (the resource types the check reads)");
        }

        var message = map.String("message", required: true) ?? "";
        var rationale = map.String("rationale", required: true) ?? "";
        var remediation = map.String("remediation", required: true) ?? "";
        var snippet = map.String("snippet", required: true) ?? "";
        var equivalents = Equivalents.None;
        if (map.Map("equivalents") is { } eq)
        {
            equivalents = new Equivalents(
                [.. eq.Strings("checkov").Select(s => s.Value)],
                [.. eq.Strings("cfn_nag").Select(s => s.Value)],
                [.. eq.Strings("cfn_guard").Select(s => s.Value)]);
            eq.Finish();
        }

        var references = map.Strings("references").Select(r => r.Value).ToList();
        foreach (var (url, node) in map.Strings("references"))
        {
            if (!url.StartsWith("https://", StringComparison.Ordinal))
            {
                map.Error(node, CatalogRules.InvalidValue, $"reference '{url}' must be an https URL");
            }
        }

        AwsDefault? awsDefault = null;
        Rule? defaultWhen = null;
        if (map.Map("default") is { } def)
        {
            awsDefault = new AwsDefault(def.String("covers", required: true) ?? "", def.String("customer_may_choose", required: true) ?? "");
            defaultWhen = ReadRule(def, def.Get("when"), "when");
            def.Finish();
        }

        var when = map.Get("when") is { } whenNode ? ReadRule(map, whenNode, "when") : null;
        ICheckLogic? logic = null;
        string logicName;
        if (map.String("code") is { } code)
        {
            logicName = "code:" + code;
            var args = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (map.Map("args") is { } argMap)
            {
                foreach (var entry in argMap.Node.Entries)
                {
                    args[entry.Key.Value] = [.. argMap.Strings(entry.Key.Value).Select(s => s.Value)];
                }
            }

            logic = CodeChecks.Create(code, args, out var error);
            if (error is not null)
            {
                map.Error(map.Get("code")!, CatalogRules.InvalidValue, error);
            }

            if (when is not null || defaultWhen is not null)
            {
                map.Error(map.Node, CatalogRules.Schema, "a code check takes no 'when' or 'default.when'; its code decides");
            }
        }
        else
        {
            logicName = "rule";
            var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
            if (map.Get("rule") is { } ruleNode && ReadRule(map, ruleNode, "rule") is { } rule)
            {
                rules["*"] = rule;
            }

            if (map.Map("by_type") is { } byType)
            {
                foreach (var entry in byType.Node.Entries)
                {
                    if (ReadRule(byType, byType.Get(entry.Key.Value), entry.Key.Value) is { } typed)
                    {
                        rules[entry.Key.Value] = typed;
                    }

                    if (!types.Contains(entry.Key.Value))
                    {
                        byType.Error(entry.Key, CatalogRules.InvalidValue, $"'{entry.Key.Value}' is not one of the check's types");
                    }
                }
            }

            if (rules.Count == 0)
            {
                map.Error(map.Node, CatalogRules.Schema, "a check needs 'rule', 'by_type' or 'code'");
            }

            logic = new DeclarativeLogic(when, defaultWhen, rules);
        }

        if (map.Diagnostics.Count > errors || logic is null)
        {
            return null;
        }

        var definition = new CheckDefinition(id, title, service, domain, severity, types, message, rationale, remediation, snippet.TrimEnd() + "\n",
            equivalents, references, awsDefault, logicName, map.Location) { CatalogRequest = catalogRequest };
        return new Check(definition, logic);
    }

    private static Rule? ReadRule(YamlMap parent, SyntaxNode? node, string what)
    {
        if (node is null)
        {
            parent.Diagnostics.Add(new(parent.Location, CatalogRules.Schema, $"missing '{what}'"));
            return null;
        }

        var map = YamlMap.From(node, parent.File, parent.Diagnostics, $"rule '{what}'");
        if (map is null)
        {
            return null;
        }

        Rule? rule = null;
        if (map.Has("all") || map.Has("any"))
        {
            var key = map.Has("all") ? "all" : "any";
            var items = map.Get(key) is SequenceNode sequence
                ? sequence.Items.Select(i => ReadRule(map, i, key)).ToList()
                : [];
            if (items.Count == 0 || items.Any(i => i is null))
            {
                map.Error(map.Node, CatalogRules.Schema, $"'{key}' must be a non-empty list of rules");
                return null;
            }

            rule = key == "all" ? new AllRule(items!) : new AnyRule(items!);
        }
        else if (map.Has("not"))
        {
            var inner = ReadRule(map, map.Get("not"), "not");
            rule = inner is null ? null : new NotRule(inner);
        }
        else if (map.Has("every") || map.Has("some") || map.Has("none"))
        {
            var key = map.Has("every") ? "every" : map.Has("some") ? "some" : "none";
            var path = map.String(key, required: true) ?? "";
            var inner = ReadRule(map, map.Get("rule"), "rule");
            var quantifier = key switch { "every" => Quantifier.Every, "some" => Quantifier.Some, _ => Quantifier.None };
            rule = inner is null ? null : new QuantifierRule(path, quantifier, inner);
        }
        else if (map.Has("path"))
        {
            rule = ReadCompare(map);
        }
        else
        {
            map.Error(map.Node, CatalogRules.Schema, "a rule needs one of: path (with equals, in, not_in, is, present, min, max, matches, not_matches), all, any, not, every, some, none");
        }

        map.Finish();
        return rule;
    }

    private static CompareRule? ReadCompare(YamlMap map)
    {
        var path = map.String("path") ?? "";
        var defaultValue = map.String("default");
        (CompareOperator Op, string Key)[] operators =
        [
            (CompareOperator.Equals, "equals"), (CompareOperator.In, "in"), (CompareOperator.NotIn, "not_in"), (CompareOperator.Is, "is"),
            (CompareOperator.Present, "present"), (CompareOperator.Min, "min"), (CompareOperator.Max, "max"),
            (CompareOperator.Matches, "matches"), (CompareOperator.NotMatches, "not_matches"),
        ];
        var found = operators.Where(o => map.Has(o.Key)).ToList();
        if (found.Count != 1)
        {
            map.Error(map.Node, CatalogRules.Schema, $"rule on '{path}' needs exactly one of: {string.Join(", ", operators.Select(o => o.Key))}");
            return null;
        }

        var (op, key) = found[0];
        var operands = map.Strings(key).Select(s => s.Value).ToList();
        if (operands.Count == 0 || (op is not CompareOperator.In and not CompareOperator.NotIn && operands.Count != 1))
        {
            map.Error(map.Get(key)!, CatalogRules.Schema, $"'{key}' needs {(op is CompareOperator.In or CompareOperator.NotIn ? "a list of values" : "one value")}");
            return null;
        }

        if (op is CompareOperator.Is or CompareOperator.Present && operands[0] is not ("true" or "false"))
        {
            map.Error(map.Get(key)!, CatalogRules.InvalidValue, $"'{key}' must be true or false");
            return null;
        }

        if (op is CompareOperator.Min or CompareOperator.Max && !double.TryParse(operands[0], System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            map.Error(map.Get(key)!, CatalogRules.InvalidValue, $"'{key}' must be a number");
            return null;
        }

        Regex? pattern = null;
        if (op is CompareOperator.Matches or CompareOperator.NotMatches)
        {
            try
            {
                pattern = new Regex(operands[0], RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                map.Error(map.Get(key)!, CatalogRules.InvalidValue, $"'{operands[0]}' is not a valid regular expression: {ex.Message}");
                return null;
            }
        }

        return new CompareRule(path, op, operands, defaultValue, pattern);
    }
}
