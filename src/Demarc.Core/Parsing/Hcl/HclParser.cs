using System.Buffers;
using System.Globalization;
using System.Text;

namespace Demarc.Parsing.Hcl;

/// <summary>
/// Parses the HCL native syntax (what Terraform's <c>.tf</c> and <c>.tfvars</c> files are written in) into
/// <see cref="HclFile"/> trees with a line and column for every block, attribute and expression.
/// </summary>
/// <remarks>
/// One pass over the text, no token list: the lexer is driven by the parser, because whether a newline ends an
/// item and where a string's text stops depend on the context. Bodies, expressions (literals, templates with
/// interpolations and <c>%{if}</c>/<c>%{for}</c> directives and strip markers, heredocs, tuples, objects, function
/// calls, attribute and index access, splats, for expressions, conditionals, operators) are all read.
/// A syntax error is reported with its position and the top-level block it is in is dropped; parsing resumes at the
/// next line that starts a top-level item, so the rest of the file is kept. The limits of <see cref="ParseLimits"/>
/// apply: the size of the input, the nesting depth (blocks, expressions, operator chains and traversal steps all
/// count, so no tree is deeper than the limit) and the number of syntax nodes.
/// </remarks>
public static class HclParser
{
    /// <summary>Syntax errors reported per file before the rest of the file is given up.</summary>
    public const int MaxErrors = 20;

    /// <summary>Parses a file from bytes: the size limit and UTF-8 are checked first (a BOM is skipped).</summary>
    public static HclFile Parse(string name, ReadOnlySpan<byte> bytes, ParseLimits? limits = null)
    {
        limits ??= ParseLimits.Default;

        // The text goes to a pooled buffer, not a string: a large file's string would be a large object, and each one
        // allocated brings the next full collection nearer, for text that is garbage once the tree is built.
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            int length;
            try
            {
                length = TextDecoding.DecodeUtf8(bytes, limits, buffer);
            }
            catch (ParseException ex)
            {
                return new HclFile(name, HclBody.Empty, [], [new HclDiagnostic(ex.Position, ex.Rule, ex.Message)]);
            }

            return ParseFile(name, buffer, length, limits);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a file's text.</summary>
    public static HclFile Parse(string name, string text, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= ParseLimits.Default;
        if (text.Length > limits.MaxBytes)
        {
            return new HclFile(name, HclBody.Empty, [], [new HclDiagnostic(new TextPosition(0, 0), "too-large",
                $"the file is {text.Length:N0} characters, more than the limit of {limits.MaxBytes:N0} bytes")]);
        }

        return ParseFile(name, text.ToCharArray(), text.Length, limits);
    }

    private static HclFile ParseFile(string name, char[] text, int length, ParseLimits limits)
    {
        var parser = new Parser(text, length, limits);
        var body = parser.ParseFile();
        return new HclFile(name, body, parser.Comments, parser.Diagnostics);
    }

    /// <summary>Parses one expression (a <c>-var</c> value, a test); throws <see cref="ParseException"/> when it is not one.</summary>
    public static HclExpression ParseExpression(string text, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text.ToCharArray(), text.Length, limits ?? ParseLimits.Default);
        return parser.ParseWholeExpression();
    }

    /// <summary>
    /// Parses a whole text as a template, as <c>templatefile</c> reads its file: interpolations and directives, no
    /// backslash escapes. Throws <see cref="ParseException"/> on a syntax error.
    /// </summary>
    public static HclExpression ParseTemplate(string text, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text.ToCharArray(), text.Length, limits ?? ParseLimits.Default);
        return parser.ParseWholeTemplate();
    }

    /// <summary>Lists lent out while one node is read, each given back as an exact-size array when the node is done.</summary>
    private sealed class ListPool<T>
    {
        private readonly Stack<List<T>> _free = new();

        public List<T> Rent() => _free.Count > 0 ? _free.Pop() : [];

        /// <summary>The items, as an array of their count (the shared empty array when there are none); the list goes back.</summary>
        public T[] Keep(List<T> list)
        {
            var items = list.ToArray();
            Return(list);
            return items;
        }

        /// <summary>Gives a list back without keeping its items.</summary>
        public void Return(List<T> list)
        {
            list.Clear();
            _free.Push(list);
        }
    }

    private sealed class SyntaxError(TextPosition position, string message, string rule = "syntax") : Exception(message)
    {
        public TextPosition Position { get; } = position;

        public string Rule { get; } = rule;

        public bool IsLimit => Rule != "syntax";
    }

    // The text is the first `length` chars of `text` (a pooled buffer may be longer); nothing read keeps the array.
    private sealed class Parser(char[] text, int length, ParseLimits limits)
    {
        private static readonly SearchValues<char> BlockCommentEnd = SearchValues.Create("*\n");
        private static readonly SearchValues<char> LineEnd = SearchValues.Create("\n");
        private static readonly SearchValues<char> QuotedSpecial = SearchValues.Create("\"\\\n$%");
        private static readonly SearchValues<char> HeredocSpecial = SearchValues.Create("\n$%");

        private readonly char[] _s = text;
        private readonly int _length = length;
        private readonly ParseLimits _limits = limits;

        // Names and short strings repeat across a module (attribute names, types, "Enabled", "tcp"): one string each.
        private readonly StringCache _strings = new(length);

        // Lists reused through the file: a body, call or constructor fills one, then keeps an exact-size copy, so the
        // tree holds no list objects and no spare capacity (the tree lives for the whole scan).
        private readonly ListPool<HclAttribute> _attributeLists = new();
        private readonly ListPool<HclBlock> _blockLists = new();
        private readonly ListPool<HclLabel> _labelLists = new();
        private readonly ListPool<HclExpression> _expressionLists = new();
        private readonly ListPool<HclObjectItem> _itemLists = new();
        private readonly ListPool<HclTemplatePart> _partLists = new();
        private readonly ListPool<TemplateItem> _templateItemLists = new();

        // Builders for template text, lent like the lists (a template can hold a string that holds a template).
        private readonly Stack<StringBuilder> _builders = new();
        private int _pos;
        private int _line = 1;
        private int _lineStart;
        private int _depth;
        private long _nodes;

        // True where a newline ends an item (bodies, object constructors); false inside (), [], ${} and after operators.
        private bool _newlines = true;

        public List<HclDiagnostic> Diagnostics { get; } = [];

        public List<HclComment> Comments { get; } = [];

        private char Cur => _pos < _length ? _s[_pos] : '\0';

        private bool AtEnd => _pos >= _length;

        // The text from an offset to its end.
        private ReadOnlySpan<char> Rest(int start) => _s.AsSpan(start, _length - start);

        private char At(int offset) => _pos + offset < _length ? _s[_pos + offset] : '\0';

        private TextPosition Here => new(_line, _pos - _lineStart + 1);

        public HclBody ParseFile()
        {
            var attributes = _attributeLists.Rent();
            var blocks = _blockLists.Rent();
            while (true)
            {
                try
                {
                    SkipTriviaAndNewlines();
                    if (AtEnd)
                    {
                        break;
                    }

                    Add(ParseItem(topLevel: true), attributes, blocks);
                }
                catch (SyntaxError error)
                {
                    Diagnostics.Add(new HclDiagnostic(error.Position, error.Rule, error.Message));
                    if (error.IsLimit)
                    {
                        break;
                    }

                    if (Diagnostics.Count >= MaxErrors)
                    {
                        Diagnostics.Add(new HclDiagnostic(Here, "syntax", $"more than {MaxErrors} syntax errors: the rest of the file is not read"));
                        break;
                    }

                    Recover();
                }
            }

            return new HclBody(_attributeLists.Keep(attributes), _blockLists.Keep(blocks), new TextPosition(1, 1), Here);
        }

        public HclExpression ParseWholeExpression()
        {
            try
            {
                _newlines = false;
                SkipTrivia();
                var expression = ParseExpression();
                SkipTrivia();
                if (!AtEnd)
                {
                    throw Error($"unexpected {Describe()} after the expression");
                }

                return expression;
            }
            catch (SyntaxError error)
            {
                throw new ParseException(error.Message, error.Position, error.Rule);
            }
        }

        public HclExpression ParseWholeTemplate()
        {
            try
            {
                return ParseTemplateBody(_length, heredoc: true, Here);
            }
            catch (SyntaxError error)
            {
                throw new ParseException(error.Message, error.Position, error.Rule);
            }
        }

        // Skips to the next line that starts with a letter in column 1 (where top-level items begin), always advancing.
        private void Recover()
        {
            _newlines = true;
            _depth = 0;
            var start = _pos;
            while (!AtEnd)
            {
                var newline = Rest(_pos).IndexOf('\n');
                if (newline < 0)
                {
                    AdvanceTo(_length);
                    break;
                }

                AdvanceTo(_pos + newline + 1);
                if (_pos > start && !AtEnd && (char.IsLetter(Cur) || Cur == '_'))
                {
                    break;
                }
            }
        }

        private static void Add(object item, List<HclAttribute> attributes, List<HclBlock> blocks)
        {
            if (item is HclAttribute attribute)
            {
                attributes.Add(attribute);
            }
            else
            {
                blocks.Add((HclBlock)item);
            }
        }

        // An attribute (name = expression) or a block (type labels { body }).
        private object ParseItem(bool topLevel)
        {
            var position = Here;
            if (!IsIdentifierStart(Cur))
            {
                throw Error(Cur == '}' && topLevel
                    ? "unexpected '}': there is no block to close"
                    : $"expected an attribute name or a block type, found {Describe()}");
            }

            var name = ReadIdentifier();
            SkipTrivia();
            if (Cur == '=' && At(1) != '=')
            {
                _pos++;
                Count();
                SkipTrivia();
                var value = ParseExpression();
                ExpectEndOfItem("the attribute");
                return new HclAttribute(name, value, position);
            }

            var labels = _labelLists.Rent();
            while (true)
            {
                SkipTrivia();
                if (Cur == '"')
                {
                    var labelPosition = Here;
                    var label = ParseQuoted();
                    if (label is not HclLiteral { Kind: HclLiteralKind.String } literal)
                    {
                        throw new SyntaxError(labelPosition, "a block label cannot contain interpolations or directives");
                    }

                    labels.Add(new HclLabel(literal.Text, labelPosition));
                }
                else if (IsIdentifierStart(Cur))
                {
                    var labelPosition = Here;
                    labels.Add(new HclLabel(ReadIdentifier(), labelPosition));
                }
                else
                {
                    break;
                }
            }

            if (Cur != '{')
            {
                throw Error(labels.Count == 0
                    ? $"expected '=' or '{{' after '{name}', found {Describe()}"
                    : $"expected '{{' to open the body of block '{name}', found {Describe()}");
            }

            var body = ParseBlockBody(name);
            ExpectEndOfItem($"block '{name}'");
            Count();
            return new HclBlock(name, _labelLists.Keep(labels), body, position);
        }

        private HclBody ParseBlockBody(string blockType)
        {
            var open = Here;
            _pos++;
            Enter(open);
            var attributes = _attributeLists.Rent();
            var blocks = _blockLists.Rent();
            var saved = _newlines;
            _newlines = true;
            while (true)
            {
                SkipTriviaAndNewlines();
                if (AtEnd)
                {
                    throw new SyntaxError(open, $"block '{blockType}' is not closed: missing '}}'");
                }

                if (Cur == '}')
                {
                    break;
                }

                Add(ParseItem(topLevel: false), attributes, blocks);
            }

            var close = Here;
            _pos++;
            _newlines = saved;
            _depth--;
            return new HclBody(_attributeLists.Keep(attributes), _blockLists.Keep(blocks), open, close);
        }

        // After an attribute or a block: a newline, the end of the file, or the '}' of a one-line block.
        private void ExpectEndOfItem(string what)
        {
            SkipTrivia();
            if (AtEnd || Cur == '}')
            {
                return;
            }

            if (Cur == '\n')
            {
                Advance();
                return;
            }

            throw Error($"expected a new line after {what}, found {Describe()}");
        }

        // ---- expressions ----
        private HclExpression ParseExpression()
        {
            var position = Here;
            Enter(position);
            var condition = ParseBinary(0);
            SkipTrivia();
            HclExpression result = condition;
            if (Cur == '?')
            {
                _pos++;
                var saved = _newlines;
                _newlines = false;
                SkipTrivia();
                var whenTrue = ParseExpression();
                SkipTrivia();
                Expect(':', "in the conditional expression");
                SkipTrivia();
                _newlines = saved;
                var whenFalse = ParseExpression();
                result = Node(new HclConditional(condition, whenTrue, whenFalse, position));
            }

            _depth--;
            return result;
        }

        private static int Precedence(HclOperator op) => op switch
        {
            HclOperator.Or => 1,
            HclOperator.And => 2,
            HclOperator.Equal or HclOperator.NotEqual => 3,
            HclOperator.Less or HclOperator.LessOrEqual or HclOperator.Greater or HclOperator.GreaterOrEqual => 4,
            HclOperator.Add or HclOperator.Subtract => 5,
            _ => 6,
        };

        // Precedence climbing; every operator applied counts as one level of depth, so chains stay within the limit.
        private HclExpression ParseBinary(int minimum)
        {
            var left = ParseUnary();
            var levels = 0;
            try
            {
                while (true)
                {
                    SkipTrivia();
                    var op = PeekOperator(out var length);
                    if (op is null || Precedence(op.Value) <= minimum)
                    {
                        return left;
                    }

                    var position = Here;
                    _pos += length;
                    Enter(position);
                    levels++;
                    var saved = _newlines;
                    _newlines = false;
                    SkipTrivia();
                    _newlines = saved;
                    var right = ParseBinary(Precedence(op.Value));
                    left = Node(new HclBinary(op.Value, left, right, left.Position));
                }
            }
            finally
            {
                _depth -= levels;
            }
        }

        private HclOperator? PeekOperator(out int length)
        {
            length = 2;
            var c = Cur;
            var next = At(1);
            switch (c)
            {
                case '|' when next == '|': return HclOperator.Or;
                case '&' when next == '&': return HclOperator.And;
                case '=' when next == '=': return HclOperator.Equal;
                case '!' when next == '=': return HclOperator.NotEqual;
                case '<' when next == '=': return HclOperator.LessOrEqual;
                case '>' when next == '=': return HclOperator.GreaterOrEqual;
            }

            length = 1;
            return c switch
            {
                '<' when next != '<' => HclOperator.Less,
                '>' => HclOperator.Greater,
                '+' => HclOperator.Add,
                '-' => HclOperator.Subtract,
                '*' => HclOperator.Multiply,
                '/' when next is not '/' and not '*' => HclOperator.Divide,
                '%' when next != '{' => HclOperator.Modulo,
                _ => null,
            };
        }

        private HclExpression ParseUnary()
        {
            var position = Here;
            if ((Cur == '!' && At(1) != '=') || Cur == '-')
            {
                var isNot = Cur == '!';
                _pos++;
                Enter(position);
                SkipTrivia();
                var operand = ParseUnary();
                _depth--;
                return Node(new HclUnary(isNot, operand, position));
            }

            return ParsePostfix(ParsePrimary());
        }

        private HclExpression ParsePrimary()
        {
            var position = Here;
            var c = Cur;
            switch (c)
            {
                case '(':
                {
                    _pos++;
                    var saved = _newlines;
                    _newlines = false;
                    SkipTrivia();
                    var inner = ParseExpression();
                    SkipTrivia();
                    Expect(')', "to close '('");
                    _newlines = saved;
                    return Node(new HclParentheses(inner, position));
                }

                case '[':
                    _pos++;
                    return ParseTupleOrFor(position);
                case '{':
                    _pos++;
                    return ParseObjectOrFor(position);
                case '"':
                    return ParseQuoted();
                case '<' when At(1) == '<':
                    return ParseHeredoc();
                case >= '0' and <= '9':
                    return ParseNumber();
            }

            if (IsIdentifierStart(c))
            {
                var name = ReadIdentifier();
                switch (name)
                {
                    case "true" or "false":
                        return Node(new HclLiteral(HclLiteralKind.Bool, name, position));
                    case "null":
                        return Node(new HclLiteral(HclLiteralKind.Null, name, position));
                }

                var saved = _pos;
                var savedLine = _line;
                var savedLineStart = _lineStart;
                if (Cur == ':' && At(1) == ':')
                {
                    var full = new StringBuilder(name);
                    while (Cur == ':' && At(1) == ':' && IsIdentifierStart(At(2)))
                    {
                        _pos += 2;
                        full.Append("::").Append(ReadIdentifier());
                    }

                    if (Cur == '(')
                    {
                        return ParseCall(full.ToString(), position);
                    }

                    _pos = saved;
                    _line = savedLine;
                    _lineStart = savedLineStart;
                }

                if (Cur == '(')
                {
                    return ParseCall(name, position);
                }

                return Node(new HclVariable(name, position));
            }

            if (AtEnd)
            {
                throw Error("expected an expression, found the end of the file");
            }

            throw Error($"expected an expression, found {Describe()}");
        }

        private HclFunctionCall ParseCall(string name, TextPosition position)
        {
            _pos++;
            var saved = _newlines;
            _newlines = false;
            {
                var arguments = _expressionLists.Rent();
                var expand = false;
                SkipTrivia();
                while (Cur != ')')
                {
                    if (expand)
                    {
                        throw Error("'...' may only follow the last argument");
                    }

                    arguments.Add(ParseExpression());
                    SkipTrivia();
                    if (Cur == '.' && At(1) == '.' && At(2) == '.')
                    {
                        _pos += 3;
                        expand = true;
                        SkipTrivia();
                    }

                    if (Cur == ',')
                    {
                        _pos++;
                        SkipTrivia();
                    }
                    else if (Cur != ')')
                    {
                        throw Error(AtEnd
                            ? $"the call of '{name}' is not closed: missing ')'"
                            : $"expected ',' or ')' in the arguments of '{name}', found {Describe()}");
                    }
                }

                _pos++;
                _newlines = saved;
                return Node(new HclFunctionCall(name, _expressionLists.Keep(arguments), expand, position));
            }
        }

        private HclExpression ParseTupleOrFor(TextPosition position)
        {
            var saved = _newlines;
            _newlines = false;
            SkipTrivia();
            if (IsForKeyword())
            {
                var result = ParseFor(position, isObject: false);
                _newlines = saved;
                return result;
            }

            var items = _expressionLists.Rent();
            while (Cur != ']')
            {
                if (AtEnd)
                {
                    throw new SyntaxError(position, "the list is not closed: missing ']'");
                }

                items.Add(ParseExpression());
                SkipTrivia();
                if (Cur == ',')
                {
                    _pos++;
                    SkipTrivia();
                }
                else if (Cur != ']')
                {
                    throw Error(AtEnd ? "the list is not closed: missing ']'" : $"expected ',' or ']' in the list, found {Describe()}");
                }
            }

            _pos++;
            _newlines = saved;
            return Node(new HclTuple(_expressionLists.Keep(items), position));
        }

        private HclExpression ParseObjectOrFor(TextPosition position)
        {
            var saved = _newlines;
            _newlines = false;
            SkipTrivia();
            if (IsForKeyword())
            {
                var result = ParseFor(position, isObject: true);
                _newlines = saved;
                return result;
            }

            // Items are separated by commas or new lines.
            _newlines = true;
            var items = _itemLists.Rent();
            while (true)
            {
                SkipTriviaAndNewlines();
                if (Cur == '}')
                {
                    break;
                }

                if (AtEnd)
                {
                    throw new SyntaxError(position, "the object is not closed: missing '}'");
                }

                var keyPosition = Here;
                HclExpression key;
                if (IsIdentifierStart(Cur) && IsBareKey())
                {
                    key = Node(new HclLiteral(HclLiteralKind.String, ReadIdentifier(), keyPosition));
                }
                else
                {
                    key = ParseExpression();
                }

                SkipTrivia();
                if ((Cur == '=' && At(1) != '=') || Cur == ':')
                {
                    _pos++;
                }
                else
                {
                    throw Error($"expected '=' or ':' after the object key, found {Describe()}");
                }

                SkipTrivia();
                var value = ParseExpression();
                items.Add(new HclObjectItem(key, value));
                SkipTrivia();
                if (Cur == ',')
                {
                    _pos++;
                }
                else if (Cur != '\n' && Cur != '}')
                {
                    throw Error(AtEnd ? "the object is not closed: missing '}'" : $"expected ',', a new line or '}}' after the object item, found {Describe()}");
                }
            }

            _pos++;
            _newlines = saved;
            return Node(new HclObject(_itemLists.Keep(items), position));
        }

        // An identifier key followed by '=' or ':' (not a traversal or call that starts an expression key).
        private bool IsBareKey()
        {
            var i = _pos;
            while (i < _length && IsIdentifierPart(_s[i]))
            {
                i++;
            }

            while (i < _length && (_s[i] == ' ' || _s[i] == '\t'))
            {
                i++;
            }

            return i < _length && ((_s[i] == '=' && (i + 1 >= _length || _s[i + 1] != '=')) || _s[i] == ':');
        }

        private bool IsForKeyword()
        {
            if (!(Cur == 'f' && At(1) == 'o' && At(2) == 'r' && !IsIdentifierPart(At(3))))
            {
                return false;
            }

            // "for" followed by an identifier (the loop variable), not "for =" (a key named for).
            var i = _pos + 3;
            while (i < _length && char.IsWhiteSpace(_s[i]))
            {
                i++;
            }

            return i < _length && IsIdentifierStart(_s[i]);
        }

        private HclFor ParseFor(TextPosition position, bool isObject)
        {
            var saved = _newlines;
            _newlines = false;
            _pos += 3;
            SkipTrivia();
            var first = ExpectIdentifier("after 'for'");
            string? keyVariable = null;
            var valueVariable = first;
            SkipTrivia();
            if (Cur == ',')
            {
                _pos++;
                SkipTrivia();
                keyVariable = first;
                valueVariable = ExpectIdentifier("after ',' in the for expression");
                SkipTrivia();
            }

            if (!(Cur == 'i' && At(1) == 'n' && !IsIdentifierPart(At(2))))
            {
                throw Error($"expected 'in' in the for expression, found {Describe()}");
            }

            _pos += 2;
            SkipTrivia();
            var collection = ParseExpression();
            SkipTrivia();
            Expect(':', "after the collection of the for expression");
            SkipTrivia();
            HclExpression? keyExpression = null;
            HclExpression valueExpression;
            var grouping = false;
            if (isObject)
            {
                keyExpression = ParseExpression();
                SkipTrivia();
                if (!(Cur == '=' && At(1) == '>'))
                {
                    throw Error($"expected '=>' in the object for expression, found {Describe()}");
                }

                _pos += 2;
                SkipTrivia();
                valueExpression = ParseExpression();
                SkipTrivia();
                if (Cur == '.' && At(1) == '.' && At(2) == '.')
                {
                    _pos += 3;
                    grouping = true;
                    SkipTrivia();
                }
            }
            else
            {
                valueExpression = ParseExpression();
                SkipTrivia();
            }

            HclExpression? condition = null;
            if (Cur == 'i' && At(1) == 'f' && !IsIdentifierPart(At(2)))
            {
                _pos += 2;
                SkipTrivia();
                condition = ParseExpression();
                SkipTrivia();
            }

            var close = isObject ? '}' : ']';
            if (Cur != close)
            {
                throw Error(AtEnd ? $"the for expression is not closed: missing '{close}'" : $"expected '{close}' to close the for expression, found {Describe()}");
            }

            _pos++;
            _newlines = saved;
            return Node(new HclFor(keyVariable, valueVariable, collection, keyExpression, valueExpression, condition, grouping, position));
        }

        private HclLiteral ParseNumber()
        {
            var position = Here;
            var start = _pos;
            SkipDigits();
            if (Cur == '.' && char.IsAsciiDigit(At(1)))
            {
                _pos++;
                SkipDigits();
            }

            if ((Cur == 'e' || Cur == 'E') && (char.IsAsciiDigit(At(1)) || ((At(1) == '+' || At(1) == '-') && char.IsAsciiDigit(At(2)))))
            {
                _pos += 2;
                SkipDigits();
            }

            return Node(new HclLiteral(HclLiteralKind.Number, new string(_s, start, _pos - start), position));
        }

        private void SkipDigits()
        {
            while (char.IsAsciiDigit(Cur))
            {
                _pos++;
            }
        }

        // Attribute access, indexes, legacy ".0" indexes and splats, each step counted as a level of depth.
        private HclExpression ParsePostfix(HclExpression expression)
        {
            var steps = 0;
            try
            {
                while (true)
                {
                    SkipTrivia();
                    var position = Here;
                    if (Cur == '.' && At(1) == '*')
                    {
                        _pos += 2;
                        Step(ref steps, position);
                        var each = ParseSplatSteps(attributesOnly: true, ref steps);
                        expression = Node(new HclSplat(expression, each, position));
                    }
                    else if (Cur == '[' && NextNonBlank(1) == '*')
                    {
                        _pos++;
                        SkipTrivia();
                        _pos++;
                        SkipTrivia();
                        Expect(']', "after '[*'");
                        Step(ref steps, position);
                        var each = ParseSplatSteps(attributesOnly: false, ref steps);
                        expression = Node(new HclSplat(expression, each, position));
                    }
                    else if (Cur == '.' && At(1) != '.')
                    {
                        expression = ParseDotStep(expression, ref steps);
                    }
                    else if (Cur == '[')
                    {
                        expression = ParseIndexStep(expression, ref steps);
                    }
                    else
                    {
                        return expression;
                    }
                }
            }
            finally
            {
                _depth -= steps;
            }
        }

        private HclExpression ParseSplatSteps(bool attributesOnly, ref int steps)
        {
            HclExpression each = Node(new HclSplatItem(Here));
            while (true)
            {
                if (Cur == '.' && (IsIdentifierStart(At(1)) || char.IsAsciiDigit(At(1))))
                {
                    each = ParseDotStep(each, ref steps);
                }
                else if (!attributesOnly && Cur == '[' && NextNonBlank(1) != '*')
                {
                    each = ParseIndexStep(each, ref steps);
                }
                else
                {
                    return each;
                }
            }
        }

        private HclExpression ParseDotStep(HclExpression source, ref int steps)
        {
            var position = Here;
            _pos++;
            Step(ref steps, position);
            if (char.IsAsciiDigit(Cur))
            {
                var start = _pos;
                SkipDigits();
                var index = Node(new HclLiteral(HclLiteralKind.Number, new string(_s, start, _pos - start), new TextPosition(position.Line, position.Column + 1)));
                return Node(new HclIndex(source, index, position));
            }

            if (!IsIdentifierStart(Cur))
            {
                throw Error($"expected an attribute name after '.', found {Describe()}");
            }

            return Node(new HclGetAttribute(source, ReadIdentifier(), position));
        }

        private HclIndex ParseIndexStep(HclExpression source, ref int steps)
        {
            var position = Here;
            _pos++;
            Step(ref steps, position);
            var saved = _newlines;
            _newlines = false;
            SkipTrivia();
            var key = ParseExpression();
            SkipTrivia();
            Expect(']', "to close the index");
            _newlines = saved;
            return Node(new HclIndex(source, key, position));
        }

        private void Step(ref int steps, TextPosition position)
        {
            Enter(position);
            steps++;
        }

        private char NextNonBlank(int offset)
        {
            var i = _pos + offset;
            while (i < _length && (_s[i] == ' ' || _s[i] == '\t'))
            {
                i++;
            }

            return i < _length ? _s[i] : '\0';
        }

        // ---- templates ----

        private enum ItemKind
        {
            Text,
            Interpolation,
            If,
            Else,
            EndIf,
            For,
            EndFor,
        }

        private sealed class TemplateItem(ItemKind kind, TextPosition position)
        {
            public ItemKind Kind { get; } = kind;

            public TextPosition Position { get; } = position;

            public string Text { get; set; } = "";

            public HclExpression? Expression { get; init; }

            public string? KeyVariable { get; init; }

            public string? ValueVariable { get; init; }

            public bool StripLeft { get; init; }

            public bool StripRight { get; init; }
        }

        private HclExpression ParseQuoted()
        {
            var position = Here;
            _pos++;

            // Most strings are plain text: take them without a builder.
            var plain = Rest(_pos).IndexOfAny(QuotedSpecial);
            if (plain >= 0 && _s[_pos + plain] == '"')
            {
                var literal = _strings.Get(_s.AsSpan(_pos, plain));
                _pos += plain + 1;
                return Node(new HclLiteral(HclLiteralKind.String, literal, position));
            }

            var items = _templateItemLists.Rent();
            var text = RentBuilder();
            var textPosition = Here;
            while (true)
            {
                var rest = Rest(_pos);
                var special = rest.IndexOfAny(QuotedSpecial);
                if (special < 0)
                {
                    throw new SyntaxError(position, "the string is not closed: missing '\"'");
                }

                text.Append(rest[..special]);
                _pos += special;
                var c = Cur;
                if (c == '"')
                {
                    _pos++;
                    break;
                }

                if (c == '\n')
                {
                    throw new SyntaxError(position, "the string is not closed on its line: a quoted string cannot span lines (use a heredoc)");
                }

                if (c == '\\')
                {
                    ReadEscape(text);
                    continue;
                }

                if (!TemplateMarkup(items, text, ref textPosition))
                {
                    text.Append(c);
                    _pos++;
                }
            }

            FlushText(items, text, textPosition);
            return BuildTemplate(items, text, isHeredoc: false, position);
        }

        private void ReadEscape(StringBuilder text)
        {
            var position = Here;
            var next = At(1);
            _pos += 2;
            switch (next)
            {
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case '"': text.Append('"'); break;
                case '\\': text.Append('\\'); break;
                case 'u':
                    text.Append(ReadCodePoint(4, position));
                    break;
                case 'U':
                    text.Append(ReadCodePoint(8, position));
                    break;
                default:
                    throw new SyntaxError(position, $"unknown escape sequence '\\{(next == '\0' ? "" : next.ToString())}' (known: \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN)");
            }
        }

        private string ReadCodePoint(int digits, TextPosition position)
        {
            if (_pos + digits > _length
                || !int.TryParse(_s.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                || code > 0x10FFFF
                || (code >= 0xD800 && code <= 0xDFFF))
            {
                throw new SyntaxError(position, $"invalid unicode escape: expected {digits} hexadecimal digits of a code point");
            }

            _pos += digits;
            return char.ConvertFromUtf32(code);
        }

        // Handles "$${", "%%{", "${…}" and "%{…}" at the current position; false when the character is plain text.
        private bool TemplateMarkup(List<TemplateItem> items, StringBuilder text, ref TextPosition textPosition)
        {
            var c = Cur;
            if (At(1) == c && At(2) == '{')
            {
                // "$${" and "%%{" are the literal "${" and "%{".
                text.Append(c).Append('{');
                _pos += 3;
                return true;
            }

            if (At(1) != '{')
            {
                return false;
            }

            FlushText(items, text, textPosition);
            var position = Here;
            _pos += 2;
            var stripLeft = false;
            if (Cur == '~')
            {
                stripLeft = true;
                _pos++;
            }

            var saved = _newlines;
            _newlines = false;
            var item = c == '$' ? ParseInterpolation(position, stripLeft) : ParseDirective(position, stripLeft);
            _newlines = saved;
            items.Add(item);
            textPosition = Here;
            return true;
        }

        private TemplateItem ParseInterpolation(TextPosition position, bool stripLeft)
        {
            SkipTrivia();
            var expression = ParseExpression();
            var stripRight = CloseMarkup("the interpolation");
            return new TemplateItem(ItemKind.Interpolation, position) { Expression = expression, StripLeft = stripLeft, StripRight = stripRight };
        }

        private TemplateItem ParseDirective(TextPosition position, bool stripLeft)
        {
            SkipTrivia();
            var keywordPosition = Here;
            var keyword = IsIdentifierStart(Cur) ? ReadIdentifier() : "";
            SkipTrivia();
            switch (keyword)
            {
                case "if":
                {
                    var condition = ParseExpression();
                    return new TemplateItem(ItemKind.If, position) { Expression = condition, StripLeft = stripLeft, StripRight = CloseMarkup("the if directive") };
                }

                case "else":
                    return new TemplateItem(ItemKind.Else, position) { StripLeft = stripLeft, StripRight = CloseMarkup("the else directive") };
                case "endif":
                    return new TemplateItem(ItemKind.EndIf, position) { StripLeft = stripLeft, StripRight = CloseMarkup("the endif directive") };
                case "endfor":
                    return new TemplateItem(ItemKind.EndFor, position) { StripLeft = stripLeft, StripRight = CloseMarkup("the endfor directive") };
                case "for":
                {
                    var first = ExpectIdentifier("after 'for'");
                    string? key = null;
                    var value = first;
                    SkipTrivia();
                    if (Cur == ',')
                    {
                        _pos++;
                        SkipTrivia();
                        key = first;
                        value = ExpectIdentifier("after ',' in the for directive");
                        SkipTrivia();
                    }

                    if (!(Cur == 'i' && At(1) == 'n' && !IsIdentifierPart(At(2))))
                    {
                        throw Error($"expected 'in' in the for directive, found {Describe()}");
                    }

                    _pos += 2;
                    SkipTrivia();
                    var collection = ParseExpression();
                    return new TemplateItem(ItemKind.For, position)
                    {
                        Expression = collection,
                        KeyVariable = key,
                        ValueVariable = value,
                        StripLeft = stripLeft,
                        StripRight = CloseMarkup("the for directive"),
                    };
                }

                default:
                    throw new SyntaxError(keywordPosition, $"unknown template directive '{keyword}' (known: if, else, endif, for, endfor)");
            }
        }

        // "}" or "~}" after an interpolation or directive; true for "~}".
        private bool CloseMarkup(string what)
        {
            SkipTrivia();
            var strip = false;
            if (Cur == '~')
            {
                strip = true;
                _pos++;
            }

            if (Cur != '}')
            {
                throw Error(AtEnd ? $"{what} is not closed: missing '}}'" : $"expected '}}' to close {what}, found {Describe()}");
            }

            _pos++;
            return strip;
        }

        private StringBuilder RentBuilder() => _builders.Count > 0 ? _builders.Pop() : new StringBuilder();

        private static void FlushText(List<TemplateItem> items, StringBuilder text, TextPosition position)
        {
            if (text.Length > 0)
            {
                items.Add(new TemplateItem(ItemKind.Text, position) { Text = text.ToString() });
                text.Clear();
            }
        }

        // Applies strip markers, then nests the directives into parts.
        private HclExpression BuildTemplate(List<TemplateItem> items, StringBuilder text, bool isHeredoc, TextPosition position)
        {
            // The items and the builder go back to their pools once the template is built from them.
            text.Clear();
            _builders.Push(text);
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item.StripLeft && i > 0 && items[i - 1].Kind == ItemKind.Text)
                {
                    items[i - 1].Text = items[i - 1].Text.TrimEnd();
                }

                if (item.StripRight && i + 1 < items.Count && items[i + 1].Kind == ItemKind.Text)
                {
                    items[i + 1].Text = items[i + 1].Text.TrimStart();
                }
            }

            HclExpression result;
            if (items.TrueForAll(static i => i.Kind == ItemKind.Text))
            {
                result = Node(new HclLiteral(HclLiteralKind.String, string.Concat(items.Select(static i => i.Text)), position));
            }
            else
            {
                var index = 0;
                result = Node(new HclTemplate(BuildParts(items, ref index, null), isHeredoc, position));
            }

            _templateItemLists.Return(items);
            return result;
        }

        // The parts up to the directive that closes `opener`, as an exact-size array.
        private HclTemplatePart[] BuildParts(List<TemplateItem> items, ref int index, TemplateItem? opener)
        {
            var parts = _partLists.Rent();
            var result = BuildParts(items, ref index, opener, parts);
            return _partLists.Keep(result);
        }

        private List<HclTemplatePart> BuildParts(List<TemplateItem> items, ref int index, TemplateItem? opener, List<HclTemplatePart> parts)
        {
            while (index < items.Count)
            {
                var item = items[index];
                switch (item.Kind)
                {
                    case ItemKind.Text:
                        if (item.Text.Length > 0)
                        {
                            parts.Add(Node(new HclTemplateText(item.Text, item.Position)));
                        }

                        index++;
                        break;
                    case ItemKind.Interpolation:
                        parts.Add(Node(new HclInterpolation(item.Expression!, item.Position)));
                        index++;
                        break;
                    case ItemKind.If:
                    {
                        index++;
                        var then = BuildParts(items, ref index, item);
                        HclTemplatePart[] otherwise = [];
                        if (index < items.Count && items[index].Kind == ItemKind.Else)
                        {
                            var elseItem = items[index];
                            index++;
                            otherwise = BuildParts(items, ref index, elseItem);
                        }

                        if (index >= items.Count || items[index].Kind != ItemKind.EndIf)
                        {
                            throw new SyntaxError(item.Position, "the if directive has no matching %{endif}");
                        }

                        index++;
                        parts.Add(Node(new HclTemplateIf(item.Expression!, then, otherwise, item.Position)));
                        break;
                    }

                    case ItemKind.For:
                    {
                        index++;
                        var body = BuildParts(items, ref index, item);
                        if (index >= items.Count || items[index].Kind != ItemKind.EndFor)
                        {
                            throw new SyntaxError(item.Position, "the for directive has no matching %{endfor}");
                        }

                        index++;
                        parts.Add(Node(new HclTemplateFor(item.KeyVariable, item.ValueVariable!, item.Expression!, body, item.Position)));
                        break;
                    }

                    case ItemKind.Else:
                        if (opener?.Kind != ItemKind.If)
                        {
                            throw new SyntaxError(item.Position, "%{else} without a matching %{if}");
                        }

                        return parts;
                    case ItemKind.EndIf:
                        if (opener?.Kind is not (ItemKind.If or ItemKind.Else))
                        {
                            throw new SyntaxError(item.Position, "%{endif} without a matching %{if}");
                        }

                        return parts;
                    case ItemKind.EndFor:
                        if (opener?.Kind != ItemKind.For)
                        {
                            throw new SyntaxError(item.Position, "%{endfor} without a matching %{for}");
                        }

                        return parts;
                }
            }

            return parts;
        }

        private HclExpression ParseHeredoc()
        {
            var position = Here;
            _pos += 2;
            var flush = false;
            if (Cur == '-')
            {
                flush = true;
                _pos++;
            }

            if (!IsIdentifierStart(Cur))
            {
                throw Error("expected a heredoc marker (an identifier) after '<<'");
            }

            var marker = ReadIdentifier();
            while (Cur == ' ' || Cur == '\t' || Cur == '\r')
            {
                _pos++;
            }

            if (Cur != '\n')
            {
                throw Error($"expected a new line after the heredoc marker '{marker}'");
            }

            Advance();

            // Find the line that closes the heredoc: blanks, the marker, then the end of the line.
            var contentStart = _pos;
            var lineStart = _pos;
            var contentEnd = -1;
            var afterMarker = -1;
            while (lineStart <= _length)
            {
                var newline = Rest(lineStart).IndexOf('\n');
                var lineEnd = newline < 0 ? _length : lineStart + newline;
                var line = _s.AsSpan(lineStart, lineEnd - lineStart).Trim(" \t\r");
                if (line.SequenceEqual(marker))
                {
                    contentEnd = lineStart;
                    afterMarker = lineStart + _s.AsSpan(lineStart, lineEnd - lineStart).IndexOf(marker) + marker.Length;
                    break;
                }

                if (newline < 0)
                {
                    break;
                }

                lineStart = lineEnd + 1;
            }

            if (contentEnd < 0)
            {
                throw new SyntaxError(position, $"the heredoc is not closed: no line with only '{marker}' follows it");
            }

            var template = ParseTemplateBody(contentEnd, heredoc: true, position);
            if (_pos != contentEnd)
            {
                throw new SyntaxError(Here, "the heredoc's content ends inside an interpolation or directive");
            }

            AdvanceTo(afterMarker);
            if (flush)
            {
                template = Unindent(template, _s.AsSpan(contentStart, contentEnd - contentStart));
            }

            return template;
        }

        // Reads template text up to `end` (a heredoc's content, or a whole templatefile), with no backslash escapes.
        private HclExpression ParseTemplateBody(int end, bool heredoc, TextPosition position)
        {
            var items = _templateItemLists.Rent();
            var text = RentBuilder();
            var textPosition = Here;
            while (_pos < end)
            {
                var rest = _s.AsSpan(_pos, end - _pos);
                var special = rest.IndexOfAny(HeredocSpecial);
                if (special < 0)
                {
                    text.Append(rest);
                    _pos = end;
                    break;
                }

                text.Append(rest[..special]);
                _pos += special;
                if (Cur == '\n')
                {
                    text.Append('\n');
                    Advance();
                    continue;
                }

                if (!TemplateMarkup(items, text, ref textPosition))
                {
                    text.Append(Cur);
                    _pos++;
                }
            }

            FlushText(items, text, textPosition);
            return BuildTemplate(items, text, heredoc, position);
        }

        // "<<-" heredocs: the indentation common to every non-blank line is removed from each line.
        private static HclExpression Unindent(HclExpression template, ReadOnlySpan<char> content)
        {
            var indent = int.MaxValue;
            foreach (var range in content.Split('\n'))
            {
                var line = content[range];
                var blanks = line.IndexOfAnyExcept(' ', '\t');
                if (blanks >= 0 && line.Trim('\r').Length > 0)
                {
                    indent = Math.Min(indent, blanks);
                }
            }

            if (indent == int.MaxValue || indent == 0)
            {
                return template;
            }

            string Strip(string text, bool atLineStart)
            {
                var builder = new StringBuilder(text.Length);
                var lineStart = atLineStart;
                var removed = 0;
                foreach (var c in text)
                {
                    if (lineStart && (c == ' ' || c == '\t') && removed < indent)
                    {
                        removed++;
                        continue;
                    }

                    lineStart = c == '\n';
                    removed = 0;
                    builder.Append(c);
                }

                return builder.ToString();
            }

            if (template is HclLiteral literal)
            {
                return new HclLiteral(HclLiteralKind.String, Strip(literal.Text, atLineStart: true), literal.Position);
            }

            var t = (HclTemplate)template;
            var atStart = true;
            var parts = new List<HclTemplatePart>();
            foreach (var part in t.Parts)
            {
                if (part is HclTemplateText text)
                {
                    parts.Add(new HclTemplateText(Strip(text.Text, atStart), text.Position));
                    atStart = text.Text.EndsWith('\n');
                }
                else
                {
                    parts.Add(part);
                    atStart = false;
                }
            }

            return new HclTemplate(parts, t.IsHeredoc, t.Position);
        }

        // ---- lexing helpers ----

        private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 127 && char.IsLetter(c));

        private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-' || (c > 127 && char.IsLetterOrDigit(c));

        private string ReadIdentifier()
        {
            var start = _pos;
            _pos++;
            while (_pos < _length && IsIdentifierPart(_s[_pos]))
            {
                _pos++;
            }

            return _strings.Get(_s.AsSpan(start, _pos - start));
        }

        private string ExpectIdentifier(string where)
        {
            if (!IsIdentifierStart(Cur))
            {
                throw Error($"expected a name {where}, found {Describe()}");
            }

            return ReadIdentifier();
        }

        private void Expect(char c, string where)
        {
            if (Cur != c)
            {
                throw Error(AtEnd ? $"expected '{c}' {where}, found the end of the file" : $"expected '{c}' {where}, found {Describe()}");
            }

            _pos++;
        }

        // Skips blanks and comments; newlines too where they do not end an item.
        private void SkipTrivia()
        {
            while (_pos < _length)
            {
                var c = _s[_pos];
                switch (c)
                {
                    case ' ' or '\t' or '\r':
                        _pos++;
                        break;
                    case '\n':
                        if (_newlines)
                        {
                            return;
                        }

                        Advance();
                        break;
                    case '#':
                        LineComment(1);
                        break;
                    case '/' when At(1) == '/':
                        LineComment(2);
                        break;
                    case '/' when At(1) == '*':
                        BlockComment();
                        break;
                    default:
                        return;
                }
            }
        }

        private void SkipTriviaAndNewlines()
        {
            while (true)
            {
                SkipTrivia();
                if (Cur != '\n')
                {
                    return;
                }

                Advance();
            }
        }

        private void LineComment(int markerLength)
        {
            var position = Here;
            var rest = Rest(_pos + markerLength);
            var end = rest.IndexOfAny(LineEnd);
            var length = end < 0 ? rest.Length : end;
            Comments.Add(new HclComment(position, rest[..length].TrimEnd('\r').ToString()));
            _pos += markerLength + length;
        }

        private void BlockComment()
        {
            var position = Here;
            var start = _pos + 2;
            _pos += 2;
            while (true)
            {
                var rest = Rest(_pos);
                var next = rest.IndexOfAny(BlockCommentEnd);
                if (next < 0)
                {
                    throw new SyntaxError(position, "the comment is not closed: missing '*/'");
                }

                _pos += next;
                if (Cur == '\n')
                {
                    Advance();
                    continue;
                }

                if (At(1) == '/')
                {
                    Comments.Add(new HclComment(position, new string(_s, start, _pos - start)));
                    _pos += 2;
                    return;
                }

                _pos++;
            }
        }

        private void Advance()
        {
            if (_s[_pos] == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }

            _pos++;
        }

        private void AdvanceTo(int target)
        {
            var span = _s.AsSpan(_pos, target - _pos);
            var last = span.LastIndexOf('\n');
            if (last >= 0)
            {
                _line += span.Count('\n');
                _lineStart = _pos + last + 1;
            }

            _pos = target;
        }

        private void Enter(TextPosition position)
        {
            _depth++;
            if (_depth > _limits.MaxDepth)
            {
                throw new SyntaxError(position, $"nesting deeper than {_limits.MaxDepth} levels", "too-deep");
            }
        }

        private void Count()
        {
            _nodes++;
            if (_nodes > _limits.MaxNodes)
            {
                throw new SyntaxError(Here, $"more than {_limits.MaxNodes:N0} syntax nodes", "too-many-nodes");
            }
        }

        private T Node<T>(T node)
        {
            Count();
            return node;
        }

        private SyntaxError Error(string message) => new(Here, message);

        private string Describe()
        {
            if (AtEnd)
            {
                return "the end of the file";
            }

            var c = Cur;
            return c switch
            {
                '\n' => "a new line",
                '"' => "a string",
                _ when IsIdentifierStart(c) => $"'{new string(_s, _pos, Math.Min(_length, _pos + 40) - _pos).Split(' ', '\n', '\t', '\r')[0]}'",
                _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
                _ => $"'{c}'",
            };
        }
    }
}
