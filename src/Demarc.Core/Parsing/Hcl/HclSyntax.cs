namespace Demarc.Parsing.Hcl;

/// <summary>
/// A parsed HCL file (native syntax): its body, the comments that may carry waivers, and the problems found.
/// A file with syntax errors still has a body: every top-level block that parsed before or after an error is kept.
/// </summary>
public sealed class HclFile(string name, HclBody body, IReadOnlyList<HclComment> comments, IReadOnlyList<HclDiagnostic> diagnostics)
{
    /// <summary>The file as named to the user.</summary>
    public string Name { get; } = name;

    /// <summary>The top-level body.</summary>
    public HclBody Body { get; } = body;

    /// <summary>Every comment, in order (<c>#</c>, <c>//</c> and <c>/* */</c>), for waivers written as comments.</summary>
    public IReadOnlyList<HclComment> Comments { get; } = comments;

    /// <summary>Syntax errors and limits hit, each with a position and a plain message.</summary>
    public IReadOnlyList<HclDiagnostic> Diagnostics { get; } = diagnostics;

    /// <summary>True when some part of the file could not be parsed.</summary>
    public bool HasErrors => Diagnostics.Count > 0;
}

/// <summary>A problem in an HCL file: where, a short stable rule name (<c>syntax</c>, <c>too-deep</c>, …) and a plain message.</summary>
public sealed record HclDiagnostic(TextPosition Position, string Rule, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Position}: {Message} [{Rule}]";
}

/// <summary>A comment and where it starts; <see cref="Text"/> is without the comment markers.</summary>
public readonly record struct HclComment(TextPosition Position, string Text);

/// <summary>The attributes and blocks of a file or of a block, in document order, with where the body ends.</summary>
public sealed class HclBody(IReadOnlyList<HclAttribute> attributes, IReadOnlyList<HclBlock> blocks, TextPosition start, TextPosition end)
{
    /// <summary>An empty body.</summary>
    public static HclBody Empty { get; } = new([], [], default, default);

    /// <summary>The attributes in document order.</summary>
    public IReadOnlyList<HclAttribute> Attributes { get; } = attributes;

    /// <summary>The nested blocks in document order.</summary>
    public IReadOnlyList<HclBlock> Blocks { get; } = blocks;

    /// <summary>Where the body starts (the opening brace of a block; 1:1 for a file).</summary>
    public TextPosition Start { get; } = start;

    /// <summary>Where the body ends (the closing brace of a block; the end of a file).</summary>
    public TextPosition End { get; } = end;

    /// <summary>An attribute by name, or null.</summary>
    public HclAttribute? Attribute(string name)
    {
        // Indexed: a foreach over the interface would allocate an enumerator on every look-up.
        for (var i = 0; i < Attributes.Count; i++)
        {
            if (Attributes[i].Name == name)
            {
                return Attributes[i];
            }
        }

        return null;
    }

    /// <summary>The nested blocks of a type, in document order.</summary>
    public IEnumerable<HclBlock> BlocksOfType(string type) => Blocks.Where(b => b.Type == type);
}

/// <summary>An attribute: <c>name = expression</c>; <see cref="Position"/> is where the name is written.</summary>
public sealed class HclAttribute(string name, HclExpression value, TextPosition position)
{
    /// <summary>The name.</summary>
    public string Name { get; } = name;

    /// <summary>The expression.</summary>
    public HclExpression Value { get; } = value;

    /// <summary>Where the name is written.</summary>
    public TextPosition Position { get; } = position;

    /// <inheritdoc />
    public override string ToString() => $"{Name} = {Value}";
}

/// <summary>A block label and where it is written.</summary>
public readonly record struct HclLabel(string Value, TextPosition Position);

/// <summary>A block: <c>type "label" "label" { body }</c>; <see cref="Position"/> is where the type is written.</summary>
public sealed class HclBlock(string type, IReadOnlyList<HclLabel> labels, HclBody body, TextPosition position)
{
    /// <summary>The block type (<c>resource</c>, <c>variable</c>, <c>ingress</c>, …).</summary>
    public string Type { get; } = type;

    /// <summary>The labels in order.</summary>
    public IReadOnlyList<HclLabel> Labels { get; } = labels;

    /// <summary>The body.</summary>
    public HclBody Body { get; } = body;

    /// <summary>Where the block type is written.</summary>
    public TextPosition Position { get; } = position;

    /// <summary>A label's text, or null when the block has fewer labels.</summary>
    public string? Label(int index) => index < Labels.Count ? Labels[index].Value : null;

    /// <inheritdoc />
    public override string ToString() => Labels.Count == 0 ? Type : $"{Type} {string.Join(' ', Labels.Select(l => $"\"{l.Value}\""))}";
}

/// <summary>An expression of the HCL native syntax, with where it starts.</summary>
public abstract class HclExpression(TextPosition position)
{
    /// <summary>Where the expression starts.</summary>
    public TextPosition Position { get; } = position;
}

/// <summary>How a literal was written.</summary>
public enum HclLiteralKind
{
    /// <summary>A string (a quoted string or heredoc with no interpolation or directive).</summary>
    String,

    /// <summary>A number, kept as written.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary><c>null</c>.</summary>
    Null,
}

/// <summary>A literal: a string without interpolation, a number, a boolean or <c>null</c>.</summary>
public sealed class HclLiteral(HclLiteralKind kind, string text, TextPosition position) : HclExpression(position)
{
    /// <summary>How it was written.</summary>
    public HclLiteralKind Kind { get; } = kind;

    /// <summary>The text (escapes resolved for strings; numbers as written; <c>true</c>/<c>false</c>/<c>null</c>).</summary>
    public string Text { get; } = text;

    /// <inheritdoc />
    public override string ToString() => Kind == HclLiteralKind.String ? $"\"{Text}\"" : Text;
}

/// <summary>A string template with interpolations (<c>${…}</c>) or directives (<c>%{if}</c>, <c>%{for}</c>).</summary>
public sealed class HclTemplate(IReadOnlyList<HclTemplatePart> parts, bool isHeredoc, TextPosition position) : HclExpression(position)
{
    /// <summary>The parts in order.</summary>
    public IReadOnlyList<HclTemplatePart> Parts { get; } = parts;

    /// <summary>True when written as a heredoc.</summary>
    public bool IsHeredoc { get; } = isHeredoc;

    /// <summary>
    /// The expression of a template that is exactly one interpolation (<c>"${var.x}"</c>), whose value Terraform keeps
    /// as it is (a list stays a list), or null.
    /// </summary>
    public HclExpression? SoleInterpolation => Parts is [HclInterpolation only] ? only.Expression : null;

    /// <inheritdoc />
    public override string ToString() => "\"" + string.Concat(Parts) + "\"";
}

/// <summary>A part of a template.</summary>
public abstract class HclTemplatePart(TextPosition position)
{
    /// <summary>Where the part starts.</summary>
    public TextPosition Position { get; } = position;
}

/// <summary>Literal text of a template (escapes resolved, strip markers applied).</summary>
public sealed class HclTemplateText(string text, TextPosition position) : HclTemplatePart(position)
{
    /// <summary>The text.</summary>
    public string Text { get; } = text;

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>An interpolation: <c>${expression}</c>.</summary>
public sealed class HclInterpolation(HclExpression expression, TextPosition position) : HclTemplatePart(position)
{
    /// <summary>The expression.</summary>
    public HclExpression Expression { get; } = expression;

    /// <inheritdoc />
    public override string ToString() => "${" + Expression + "}";
}

/// <summary>A conditional directive: <c>%{ if cond }…%{ else }…%{ endif }</c>.</summary>
public sealed class HclTemplateIf(HclExpression condition, IReadOnlyList<HclTemplatePart> then, IReadOnlyList<HclTemplatePart> otherwise, TextPosition position)
    : HclTemplatePart(position)
{
    /// <summary>The condition.</summary>
    public HclExpression Condition { get; } = condition;

    /// <summary>The parts when the condition holds.</summary>
    public IReadOnlyList<HclTemplatePart> Then { get; } = then;

    /// <summary>The parts otherwise (empty without <c>%{ else }</c>).</summary>
    public IReadOnlyList<HclTemplatePart> Else { get; } = otherwise;

    /// <inheritdoc />
    public override string ToString() => "%{if " + Condition + "}" + string.Concat(Then) + "%{else}" + string.Concat(Else) + "%{endif}";
}

/// <summary>A repetition directive: <c>%{ for k, v in collection }…%{ endfor }</c>.</summary>
public sealed class HclTemplateFor(string? keyVariable, string valueVariable, HclExpression collection, IReadOnlyList<HclTemplatePart> body, TextPosition position)
    : HclTemplatePart(position)
{
    /// <summary>The key (or index) variable, or null.</summary>
    public string? KeyVariable { get; } = keyVariable;

    /// <summary>The value variable.</summary>
    public string ValueVariable { get; } = valueVariable;

    /// <summary>The collection.</summary>
    public HclExpression Collection { get; } = collection;

    /// <summary>The parts repeated for each element.</summary>
    public IReadOnlyList<HclTemplatePart> Body { get; } = body;

    /// <inheritdoc />
    public override string ToString() => "%{for " + ValueVariable + " in " + Collection + "}" + string.Concat(Body) + "%{endfor}";
}

/// <summary>A variable: the root of a traversal (<c>var</c>, <c>local</c>, <c>aws_s3_bucket</c>, <c>each</c>, a for-expression's variable).</summary>
public sealed class HclVariable(string name, TextPosition position) : HclExpression(position)
{
    /// <summary>The name.</summary>
    public string Name { get; } = name;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>An attribute access: <c>source.name</c>.</summary>
public sealed class HclGetAttribute(HclExpression source, string name, TextPosition position) : HclExpression(position)
{
    /// <summary>What is accessed.</summary>
    public HclExpression Source { get; } = source;

    /// <summary>The attribute name.</summary>
    public string Name { get; } = name;

    /// <inheritdoc />
    public override string ToString() => $"{Source}.{Name}";
}

/// <summary>An index: <c>source[key]</c> (also the legacy <c>source.0</c>).</summary>
public sealed class HclIndex(HclExpression source, HclExpression key, TextPosition position) : HclExpression(position)
{
    /// <summary>What is indexed.</summary>
    public HclExpression Source { get; } = source;

    /// <summary>The key or index.</summary>
    public HclExpression Key { get; } = key;

    /// <inheritdoc />
    public override string ToString() => $"{Source}[{Key}]";
}

/// <summary>
/// A splat: <c>source[*].a.b</c> or <c>source.*.a</c>. <see cref="Each"/> is applied to every element, which it reads
/// through <see cref="HclSplatItem"/>.
/// </summary>
public sealed class HclSplat(HclExpression source, HclExpression each, TextPosition position) : HclExpression(position)
{
    /// <summary>The collection.</summary>
    public HclExpression Source { get; } = source;

    /// <summary>The traversal applied to every element (rooted at an <see cref="HclSplatItem"/>).</summary>
    public HclExpression Each { get; } = each;

    /// <inheritdoc />
    public override string ToString() => $"{Source}[*]{Each}";
}

/// <summary>The element a splat's traversal starts from.</summary>
public sealed class HclSplatItem(TextPosition position) : HclExpression(position)
{
    /// <inheritdoc />
    public override string ToString() => "";
}

/// <summary>A function call: <c>name(args)</c>, with <c>...</c> after the last argument when it is expanded.</summary>
public sealed class HclFunctionCall(string name, IReadOnlyList<HclExpression> arguments, bool expandFinal, TextPosition position) : HclExpression(position)
{
    /// <summary>The function name (namespaced names keep their <c>::</c>: <c>provider::aws::arn_parse</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The arguments.</summary>
    public IReadOnlyList<HclExpression> Arguments { get; } = arguments;

    /// <summary>True when the last argument is a list whose elements are the remaining arguments (<c>f(xs...)</c>).</summary>
    public bool ExpandFinal { get; } = expandFinal;

    /// <inheritdoc />
    public override string ToString() => $"{Name}({string.Join(", ", Arguments)}{(ExpandFinal ? "..." : "")})";
}

/// <summary>A tuple constructor: <c>[a, b]</c>.</summary>
public sealed class HclTuple(IReadOnlyList<HclExpression> items, TextPosition position) : HclExpression(position)
{
    /// <summary>The items.</summary>
    public IReadOnlyList<HclExpression> Items { get; } = items;

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", Items)}]";
}

/// <summary>One item of an object constructor. A bare identifier key is <see cref="HclLiteral"/> text, as HCL reads it.</summary>
public sealed record HclObjectItem(HclExpression Key, HclExpression Value);

/// <summary>An object constructor: <c>{ a = 1, "b" = 2, (var.k) = 3 }</c>.</summary>
public sealed class HclObject(IReadOnlyList<HclObjectItem> items, TextPosition position) : HclExpression(position)
{
    /// <summary>The items in order.</summary>
    public IReadOnlyList<HclObjectItem> Items { get; } = items;

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", Items.Select(i => $"{i.Key} = {i.Value}")) + "}";
}

/// <summary>
/// A for expression: <c>[for k, v in coll : value if cond]</c> (a tuple) or <c>{for k, v in coll : key => value... if cond}</c>
/// (an object; with <c>...</c> values of the same key are grouped into lists).
/// </summary>
public sealed class HclFor(
    string? keyVariable,
    string valueVariable,
    HclExpression collection,
    HclExpression? keyExpression,
    HclExpression valueExpression,
    HclExpression? condition,
    bool grouping,
    TextPosition position) : HclExpression(position)
{
    /// <summary>The key (or index) variable, or null.</summary>
    public string? KeyVariable { get; } = keyVariable;

    /// <summary>The value variable.</summary>
    public string ValueVariable { get; } = valueVariable;

    /// <summary>The collection iterated.</summary>
    public HclExpression Collection { get; } = collection;

    /// <summary>The key of each result for an object for expression; null for a tuple.</summary>
    public HclExpression? KeyExpression { get; } = keyExpression;

    /// <summary>The value of each result.</summary>
    public HclExpression ValueExpression { get; } = valueExpression;

    /// <summary>The filter, or null.</summary>
    public HclExpression? Condition { get; } = condition;

    /// <summary>True with <c>...</c>: values with the same key are grouped.</summary>
    public bool Grouping { get; } = grouping;

    /// <summary>True for <c>{for …}</c>.</summary>
    public bool IsObject => KeyExpression is not null;

    /// <inheritdoc />
    public override string ToString() => IsObject
        ? $"{{for {ValueVariable} in {Collection} : {KeyExpression} => {ValueExpression}}}"
        : $"[for {ValueVariable} in {Collection} : {ValueExpression}]";
}

/// <summary>A conditional: <c>cond ? a : b</c>.</summary>
public sealed class HclConditional(HclExpression condition, HclExpression trueResult, HclExpression falseResult, TextPosition position) : HclExpression(position)
{
    /// <summary>The condition.</summary>
    public HclExpression Condition { get; } = condition;

    /// <summary>The result when it holds.</summary>
    public HclExpression TrueResult { get; } = trueResult;

    /// <summary>The result otherwise.</summary>
    public HclExpression FalseResult { get; } = falseResult;

    /// <inheritdoc />
    public override string ToString() => $"{Condition} ? {TrueResult} : {FalseResult}";
}

/// <summary>The operators of binary expressions.</summary>
public enum HclOperator
{
    /// <summary><c>||</c></summary>
    Or,

    /// <summary><c>&amp;&amp;</c></summary>
    And,

    /// <summary><c>==</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>+</c></summary>
    Add,

    /// <summary><c>-</c></summary>
    Subtract,

    /// <summary><c>*</c></summary>
    Multiply,

    /// <summary><c>/</c></summary>
    Divide,

    /// <summary><c>%</c></summary>
    Modulo,
}

/// <summary>A binary operation.</summary>
public sealed class HclBinary(HclOperator op, HclExpression left, HclExpression right, TextPosition position) : HclExpression(position)
{
    /// <summary>The operator.</summary>
    public HclOperator Operator { get; } = op;

    /// <summary>The left operand.</summary>
    public HclExpression Left { get; } = left;

    /// <summary>The right operand.</summary>
    public HclExpression Right { get; } = right;

    /// <summary>How the operator is written.</summary>
    public string Symbol => Operator switch
    {
        HclOperator.Or => "||",
        HclOperator.And => "&&",
        HclOperator.Equal => "==",
        HclOperator.NotEqual => "!=",
        HclOperator.Less => "<",
        HclOperator.LessOrEqual => "<=",
        HclOperator.Greater => ">",
        HclOperator.GreaterOrEqual => ">=",
        HclOperator.Add => "+",
        HclOperator.Subtract => "-",
        HclOperator.Multiply => "*",
        HclOperator.Divide => "/",
        _ => "%",
    };

    /// <inheritdoc />
    public override string ToString() => $"{Wrap(Left)} {Symbol} {Wrap(Right)}";

    private static string Wrap(HclExpression operand) => operand is HclBinary or HclConditional ? $"({operand})" : operand.ToString() ?? "";
}

/// <summary>A unary operation: <c>!x</c> (<see cref="IsNot"/>) or <c>-x</c>.</summary>
public sealed class HclUnary(bool isNot, HclExpression operand, TextPosition position) : HclExpression(position)
{
    /// <summary>True for <c>!</c>, false for <c>-</c>.</summary>
    public bool IsNot { get; } = isNot;

    /// <summary>The operand.</summary>
    public HclExpression Operand { get; } = operand;

    /// <inheritdoc />
    public override string ToString() => (IsNot ? "!" : "-") + (Operand is HclBinary or HclConditional ? $"({Operand})" : Operand.ToString());
}

/// <summary>A parenthesised expression (kept because a parenthesised object key is an expression, not a name).</summary>
public sealed class HclParentheses(HclExpression inner, TextPosition position) : HclExpression(position)
{
    /// <summary>The expression inside.</summary>
    public HclExpression Inner { get; } = inner;

    /// <inheritdoc />
    public override string ToString() => $"({Inner})";
}
