using System.Text;
using Demarc.Parsing;

namespace Demarc.Scanning.Evaluation;

/// <summary>
/// Reads parameter overrides the way the AWS CLI accepts them, so the files a team already has work unchanged:
/// <c>Key=Value</c> pairs (<c>--parameter</c>, and <c>aws cloudformation deploy --parameter-overrides</c>), and JSON
/// files in the <c>create-stack</c> format (<c>[{"ParameterKey": …, "ParameterValue": …}]</c>), the <c>deploy</c>
/// list format (<c>["Key=Value", …]</c>), the CodePipeline template configuration format
/// (<c>{"Parameters": {"Key": "Value"}}</c>) or a plain object (<c>{"Key": "Value"}</c>). Formats as documented in
/// aws/aws-cli PR #5443 (https://github.com/aws/aws-cli/pull/5443).
/// </summary>
public static class ParameterOverrides
{
    /// <summary>Parses one <c>Key=Value</c> pair.</summary>
    /// <exception cref="FormatException">No <c>=</c>, or an empty key.</exception>
    public static KeyValuePair<string, string> ParsePair(string pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"'{pair}' is not Key=Value");
        }

        return new(pair[..equals].Trim(), pair[(equals + 1)..]);
    }

    /// <summary>Reads a parameters file (JSON, any of the accepted shapes). Later keys win.</summary>
    /// <exception cref="ParseException">Not valid JSON, or not one of the accepted shapes (with the line and column).</exception>
    public static IReadOnlyDictionary<string, string> ReadFile(ReadOnlyMemory<byte> bytes, ParseLimits? limits = null)
    {
        var document = JsonTreeReader.Read(bytes, limits).Document;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (document)
        {
            case SequenceNode list:
                foreach (var item in list.Items)
                {
                    switch (item)
                    {
                        case ScalarNode pair:
                            try
                            {
                                var (key, value) = ParsePair(pair.Value);
                                result[key] = value;
                            }
                            catch (FormatException ex)
                            {
                                throw new ParseException(ex.Message, pair.Start, "syntax");
                            }

                            break;
                        case MappingNode entry when entry["ParameterKey"] is ScalarNode key:
                            if (entry["UsePreviousValue"] is ScalarNode { Value: "true" })
                            {
                                // The stack's previous value is not known here: leave the template's default in force.
                                continue;
                            }

                            result[key.Value] = entry["ParameterValue"] is { } parameterValue
                                ? Text(parameterValue)
                                : throw new ParseException($"parameter '{key.Value}' has no ParameterValue", entry.Start, "syntax");
                            break;
                        default:
                            throw new ParseException("each item must be \"Key=Value\" or {\"ParameterKey\": …, \"ParameterValue\": …}", item.Start, "syntax");
                    }
                }

                break;
            case MappingNode map:
                var parameters = map["Parameters"] is MappingNode nested ? nested : map;
                foreach (var entry in parameters.Entries)
                {
                    result[entry.Key.Value] = Text(entry.Value);
                }

                break;
            default:
                throw new ParseException("a parameters file must be a JSON list or object", document.Start, "syntax");
        }

        return result;
    }

    // A JSON value as CloudFormation receives it: text; a list joined with commas (CommaDelimitedList).
    private static string Text(SyntaxNode node) => node switch
    {
        ScalarNode scalar => scalar.Value,
        SequenceNode list => string.Join(",", list.Items.Select(Text)),
        _ => throw new ParseException("a parameter value must be text, a number, a boolean or a list", node.Start, "syntax"),
    };

    /// <summary>Reads a parameters file from text (tests).</summary>
    public static IReadOnlyDictionary<string, string> ReadFile(string text) => ReadFile(Encoding.UTF8.GetBytes(text));
}
