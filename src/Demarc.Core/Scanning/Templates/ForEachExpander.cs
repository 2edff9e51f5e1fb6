using System.Text;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Templates;

/// <summary>
/// Expands <c>Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]</c> loops (the
/// AWS::LanguageExtensions transform) at the syntax level, as CloudFormation does before anything else: one copy of
/// the fragment per item, with <c>${Identifier}</c> and <c>&amp;{Identifier}</c> (the item without non-alphanumeric
/// characters) replaced in keys and strings, and <c>Ref: Identifier</c> replaced by the item. Loops nest. Copies keep
/// the positions of the fragment they came from.
/// </summary>
internal sealed class ForEachExpander(string file, Func<SyntaxNode, Value> evaluate, List<ScanDiagnostic> diagnostics, int maxEntries)
{
    public const string Prefix = "Fn::ForEach::";

    private int _produced;
    private bool _stopped;

    /// <summary>Whether a node holds any loop (so templates without one are not copied).</summary>
    public static bool HasLoops(SyntaxNode node) => node switch
    {
        MappingNode m => m.Entries.Any(e => e.Key.Value.StartsWith(Prefix, StringComparison.Ordinal) || HasLoops(e.Value)),
        SequenceNode s => s.Items.Any(HasLoops),
        _ => false,
    };

    /// <summary>Expands the loops among a section's entries (Resources, Outputs, Conditions), saying where each entry came from.</summary>
    public List<(MappingEntry Entry, ResourceOrigin Origin)> ExpandSection(MappingNode section)
    {
        var result = new List<(MappingEntry, ResourceOrigin)>();
        foreach (var entry in section.Entries)
        {
            if (entry.Key.Value.StartsWith(Prefix, StringComparison.Ordinal))
            {
                foreach (var (expanded, item) in ExpandLoop(entry, Environment.Empty))
                {
                    result.Add((expanded, new ResourceOrigin(ResourceOriginKind.ForEach, entry.Key.Value, entry.Key.Start, item)));
                }
            }
            else
            {
                result.Add((new MappingEntry(entry.Key, Expand(entry.Value, Environment.Empty)), ResourceOrigin.Written));
            }
        }

        return result;
    }

    /// <summary>Expands loops anywhere inside a node.</summary>
    public SyntaxNode Expand(SyntaxNode node) => Expand(node, Environment.Empty);

    private SyntaxNode Expand(SyntaxNode node, Environment env)
    {
        switch (node)
        {
            case ScalarNode scalar:
                return env.IsEmpty ? scalar : Substitute(scalar, env);
            case SequenceNode sequence:
            {
                var items = sequence.Items.Select(i => Expand(i, env)).ToList();
                return items.Zip(sequence.Items).All(p => ReferenceEquals(p.First, p.Second)) ? sequence : new SequenceNode(sequence.Start, sequence.Tag, items);
            }

            case MappingNode mapping:
            {
                if (!env.IsEmpty && mapping.Entries.Count == 1 && mapping.Entries[0].Key.Value == "Ref"
                    && mapping.Entries[0].Value is ScalarNode name && env.TryGet(name.Value, out var item))
                {
                    return new ScalarNode(mapping.Start, null, item, isPlain: false);
                }

                var entries = new List<MappingEntry>(mapping.Entries.Count);
                var changed = false;
                foreach (var entry in mapping.Entries)
                {
                    if (entry.Key.Value.StartsWith(Prefix, StringComparison.Ordinal))
                    {
                        entries.AddRange(ExpandLoop(entry, env).Select(e => e.Entry));
                        changed = true;
                        continue;
                    }

                    var key = env.IsEmpty ? entry.Key : Substitute(entry.Key, env);
                    var value = Expand(entry.Value, env);
                    changed |= !ReferenceEquals(key, entry.Key) || !ReferenceEquals(value, entry.Value);
                    entries.Add(new MappingEntry(key, value));
                }

                return changed ? new MappingNode(mapping.Start, mapping.Tag, entries) : mapping;
            }

            default:
                return node;
        }
    }

    private IEnumerable<(MappingEntry Entry, string Item)> ExpandLoop(MappingEntry loop, Environment env)
    {
        var name = loop.Key.Value;
        if (loop.Value is not SequenceNode { Items.Count: 3 } parts || parts.Items[0] is not ScalarNode identifier || parts.Items[2] is not MappingNode fragment)
        {
            Report(loop.Key.Start, DiagnosticSeverity.Error, ScanRules.InvalidIntrinsic, $"{name} must be [Identifier, Collection, {{OutputKey: OutputValue}}]");
            yield break;
        }

        var collection = evaluate(Expand(parts.Items[1], env));
        var items = new List<string>();
        if (collection is ListValue list && list.Values.All(v => v is ScalarValue))
        {
            items.AddRange(list.Values.Select(v => ((ScalarValue)v).Text));
        }
        else
        {
            var reason = collection switch
            {
                UnknownValue u => u.Reason,
                AlternativesValue a => a.Reason,
                _ => "it is not a list of strings",
            };
            Report(loop.Key.Start, DiagnosticSeverity.Warning, ScanRules.UnexpandedTransform, $"{name} is not expanded because its collection {Lower(reason)}: what it would create is not scanned");
            yield break;
        }

        foreach (var item in items)
        {
            var inner = env.With(identifier.Value, item);
            foreach (var entry in fragment.Entries)
            {
                if (_stopped)
                {
                    yield break;
                }

                if (entry.Key.Value.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    foreach (var nested in ExpandLoop(entry, inner))
                    {
                        yield return (nested.Entry, $"{identifier.Value} = {item}, {nested.Item}");
                    }

                    continue;
                }

                if (++_produced > maxEntries)
                {
                    _stopped = true;
                    Report(loop.Key.Start, DiagnosticSeverity.Error, ScanRules.TooManyResources, $"{name} expands to more than {maxEntries:N0} entries; the rest are not scanned");
                    yield break;
                }

                yield return (new MappingEntry(Substitute(entry.Key, inner), Expand(entry.Value, inner)), $"{identifier.Value} = {item}");
            }
        }
    }

    private static ScalarNode Substitute(ScalarNode scalar, Environment env)
    {
        var text = scalar.Value;
        if (!text.Contains('{', StringComparison.Ordinal))
        {
            return scalar;
        }

        var replaced = env.Replace(text);
        return ReferenceEquals(replaced, text) ? scalar : new ScalarNode(scalar.Start, scalar.Tag, replaced, scalar.IsPlain);
    }

    private void Report(TextPosition at, DiagnosticSeverity severity, string rule, string message) =>
        diagnostics.Add(new ScanDiagnostic(new SourceLocation(file, at.Line, at.Column), severity, rule, message));

    private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    /// <summary>The loop identifiers in scope and their current items.</summary>
    private sealed class Environment
    {
        public static readonly Environment Empty = new([]);

        private readonly (string Name, string Item)[] _bindings;

        private Environment((string, string)[] bindings) => _bindings = bindings;

        public bool IsEmpty => _bindings.Length == 0;

        public Environment With(string name, string item) => new([.. _bindings.Where(b => b.Name != name), (name, item)]);

        public bool TryGet(string name, out string item)
        {
            foreach (var binding in _bindings)
            {
                if (binding.Name == name)
                {
                    item = binding.Item;
                    return true;
                }
            }

            item = "";
            return false;
        }

        public string Replace(string text)
        {
            var result = text;
            foreach (var (name, item) in _bindings)
            {
                result = result.Replace("${" + name + "}", item, StringComparison.Ordinal)
                    .Replace("&{" + name + "}", Alphanumeric(item), StringComparison.Ordinal);
            }

            return result == text ? text : result;
        }

        private static string Alphanumeric(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }
}
