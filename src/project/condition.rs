//! MSBuild `Condition`s evaluated statically, the way a Windows build of some configuration sees
//! them (domain.md §4.1, §4.2): `$(OS)` is `Windows_NT`; `$(Configuration)` and `$(Platform)`
//! are free (a comparison of them holds for some build and not for others); `$(TargetFramework)`
//! is the inner build's target, so a condition on it holds for some targets only; other
//! properties are what the evaluation knows for every build, or unknown. Functions
//! (`Exists`, `HasTrailingSlash`), property functions (`$([System.IO.File]::…)`,
//! `$(Name.Contains(…))`), items (`@(…)`) and metadata (`%(…)`) are unknown: nothing is ever
//! executed or looked up on disk.

use crate::facts::Guard;

/// What a condition is worth for the builds of a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    /// Every (Windows) build sees it true.
    True,
    /// No (Windows) build sees it true.
    False,
    /// It depends on the configuration or platform: some builds see it true. (Conjunctions of
    /// such comparisons are not solved: `'$(Configuration)' == 'A' and '$(Configuration)' ==
    /// 'B'` is also "some build".)
    SomeBuild,
    /// It depends on `$(TargetFramework)`: it holds in the inner builds of some targets.
    PerTarget,
    /// It needs what cannot be known without MSBuild, the machine or the command line.
    Unknown,
}

impl Truth {
    /// `a and b`: false wins (MSBuild does not even evaluate the rest), then unknown.
    pub fn and(self, other: Truth) -> Truth {
        let rank = |t: Truth| match t {
            Truth::False => 4,
            Truth::Unknown => 3,
            Truth::PerTarget => 2,
            Truth::SomeBuild => 1,
            Truth::True => 0,
        };
        if rank(self) >= rank(other) {
            self
        } else {
            other
        }
    }

    /// `a or b`: true wins, then "some build" (true whenever that side is).
    pub fn or(self, other: Truth) -> Truth {
        let rank = |t: Truth| match t {
            Truth::True => 4,
            Truth::SomeBuild => 3,
            Truth::Unknown => 2,
            Truth::PerTarget => 1,
            Truth::False => 0,
        };
        if rank(self) >= rank(other) {
            self
        } else {
            other
        }
    }

    /// `!a`: a condition that depends on the build still does.
    pub fn negate(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            other => other,
        }
    }
}

/// The truth of all of an element's guards together.
pub fn guards_truth(guards: &[Guard], lookup: &dyn Fn(&str) -> Option<String>) -> Truth {
    guards.iter().fold(Truth::True, |truth, guard| {
        let own = evaluate(&guard.condition, lookup);
        truth.and(if guard.negated { own.negate() } else { own })
    })
}

/// How a message names an element's guards: `` `'$(OS)' == 'Windows_NT'` ``, with `not` before
/// an earlier `<When>`'s condition.
pub fn describe(guards: &[Guard]) -> String {
    guards
        .iter()
        .map(|guard| {
            let text = guard
                .condition
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if guard.negated {
                format!("not `{text}`")
            } else {
                format!("`{text}`")
            }
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Evaluates one `Condition`. `lookup` gives the value of a property (lower-case name) when it is
/// the same for every build. An empty condition holds (as in MSBuild); one that does not parse
/// is unknown.
pub fn evaluate(condition: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Truth {
    if condition.trim().is_empty() {
        return Truth::True;
    }
    let Some(tokens) = tokenize(condition) else {
        return Truth::Unknown;
    };
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        lookup,
        depth: 0,
    };
    match parser.or() {
        Some(truth) if parser.at == tokens.len() => truth,
        _ => Truth::Unknown,
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// A quoted string's content, still to be expanded.
    Quoted(String),
    /// An unquoted operand: a `$(…)` reference, a word or a number, still to be expanded.
    Bare(String),
    /// `@(…)` or `%(…)`: items and metadata are never known.
    Item,
    /// A name followed by `(`: a condition function.
    Function,
    Open,
    Close,
    Comma,
    Not,
    And,
    Or,
    Compare(Op),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Splits a condition into tokens; `None` when it is not MSBuild's grammar.
fn tokenize(text: &str) -> Option<Vec<Token>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'\'' => {
                let end = i + 1 + text[i + 1..].find('\'')?;
                tokens.push(Token::Quoted(text[i + 1..end].to_owned()));
                i = end + 1;
            }
            b'(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            b')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            b',' => {
                tokens.push(Token::Comma);
                i += 1;
            }
            b'=' if next == Some(b'=') => {
                tokens.push(Token::Compare(Op::Eq));
                i += 2;
            }
            b'!' if next == Some(b'=') => {
                tokens.push(Token::Compare(Op::Ne));
                i += 2;
            }
            b'!' => {
                tokens.push(Token::Not);
                i += 1;
            }
            b'<' | b'>' => {
                let (op, len) = match (c, next) {
                    (b'<', Some(b'=')) => (Op::Le, 2),
                    (b'>', Some(b'=')) => (Op::Ge, 2),
                    (b'<', _) => (Op::Lt, 1),
                    _ => (Op::Gt, 1),
                };
                tokens.push(Token::Compare(op));
                i += len;
            }
            b'$' | b'@' | b'%' if next == Some(b'(') => {
                let end = closing_paren(text, i + 1)?;
                tokens.push(if c == b'$' {
                    Token::Bare(text[i..=end].to_owned())
                } else {
                    Token::Item
                });
                i = end + 1;
            }
            c if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'+') => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'_' | b'-' | b'.' | b'+'))
                {
                    i += 1;
                }
                let word = &text[start..i];
                let function = text[i..].trim_start().starts_with('(');
                tokens.push(if word.eq_ignore_ascii_case("and") {
                    Token::And
                } else if word.eq_ignore_ascii_case("or") {
                    Token::Or
                } else if function {
                    Token::Function
                } else {
                    Token::Bare(word.to_owned())
                });
            }
            _ => return None,
        }
    }
    Some(tokens)
}

/// The `)` that closes the `(` at `open`, skipping nested parentheses and quoted strings
/// (property functions take arguments: `$([System.String]::Concat('(', $(A)))`).
fn closing_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text[open..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Nesting deeper than this is not a real project: unknown.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    depth: usize,
}

/// An operand after expansion.
#[derive(Default)]
struct Operand {
    text: String,
    /// Mentions `$(Configuration)` or `$(Platform)`.
    free: bool,
    /// Mentions `$(TargetFramework)`.
    per_target: bool,
    /// Needs something that cannot be known.
    unknown: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, token: &Token) -> bool {
        let found = self.peek() == Some(token);
        if found {
            self.at += 1;
        }
        found
    }

    fn or(&mut self) -> Option<Truth> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut truth = self.and()?;
        while self.eat(&Token::Or) {
            truth = truth.or(self.and()?);
        }
        self.depth -= 1;
        Some(truth)
    }

    fn and(&mut self) -> Option<Truth> {
        let mut truth = self.unary()?;
        while self.eat(&Token::And) {
            truth = truth.and(self.unary()?);
        }
        Some(truth)
    }

    fn unary(&mut self) -> Option<Truth> {
        if self.eat(&Token::Not) {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return None;
            }
            let truth = self.unary()?.negate();
            self.depth -= 1;
            return Some(truth);
        }
        if self.eat(&Token::Open) {
            let truth = self.or()?;
            return self.eat(&Token::Close).then_some(truth);
        }
        let left = self.operand()?;
        if let Some(Token::Compare(op)) = self.peek() {
            let op = *op;
            self.at += 1;
            let right = self.operand()?;
            return Some(compare(op, &left, &right));
        }
        Some(boolean(&left))
    }

    /// A quoted string, a bare word or reference, an item list, or a function call (whose
    /// value is never known).
    fn operand(&mut self) -> Option<Operand> {
        let token = self.peek()?.clone();
        self.at += 1;
        match token {
            Token::Quoted(text) | Token::Bare(text) => Some(self.expand(&text)),
            Token::Item => Some(Operand {
                unknown: true,
                ..Operand::default()
            }),
            Token::Function => {
                if !self.eat(&Token::Open) {
                    return None;
                }
                if !self.eat(&Token::Close) {
                    loop {
                        self.operand()?;
                        if self.eat(&Token::Close) {
                            break;
                        }
                        if !self.eat(&Token::Comma) {
                            return None;
                        }
                    }
                }
                Some(Operand {
                    unknown: true,
                    ..Operand::default()
                })
            }
            _ => None,
        }
    }

    /// Expands `$(Name)` references and `%XX` escapes in an operand.
    fn expand(&self, raw: &str) -> Operand {
        let mut out = Operand::default();
        let mut at = 0;
        while at < raw.len() {
            let rest = &raw[at..];
            if rest.starts_with("$(") {
                let Some(end) = closing_paren(raw, at + 1) else {
                    out.unknown = true;
                    return out;
                };
                let name = raw[at + 2..end].trim();
                let simple = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                let lower = name.to_ascii_lowercase();
                match lower.as_str() {
                    _ if !simple => out.unknown = true,
                    "os" => out.text.push_str("Windows_NT"),
                    "configuration" | "platform" => out.free = true,
                    "targetframework" => out.per_target = true,
                    _ => match (self.lookup)(&lower) {
                        Some(value) => out.text.push_str(&value),
                        None => out.unknown = true,
                    },
                }
                at = end + 1;
            } else if rest.starts_with("@(") || rest.starts_with("%(") {
                out.unknown = true;
                return out;
            } else if let Some(decoded) = escape(rest) {
                out.text.push(decoded);
                at += 3;
            } else {
                let c = rest.chars().next().unwrap_or_default();
                out.text.push(c);
                at += c.len_utf8().max(1);
            }
        }
        out
    }
}

/// MSBuild's `%XX` escape at the start of `text`.
fn escape(text: &str) -> Option<char> {
    let hex = text.strip_prefix('%')?.get(..2)?;
    u8::from_str_radix(hex, 16).ok().map(char::from)
}

/// A comparison: decided only when both sides are known.
fn compare(op: Op, left: &Operand, right: &Operand) -> Truth {
    if left.unknown || right.unknown {
        return Truth::Unknown;
    }
    if left.per_target || right.per_target {
        return Truth::PerTarget;
    }
    if left.free || right.free {
        return Truth::SomeBuild;
    }
    let (a, b) = (left.text.trim(), right.text.trim());
    let decided = match (number(a), number(b)) {
        (Some(x), Some(y)) => match op {
            Op::Eq => x == y,
            Op::Ne => x != y,
            Op::Lt => x < y,
            Op::Le => x <= y,
            Op::Gt => x > y,
            Op::Ge => x >= y,
        },
        // MSBuild compares strings case-insensitively; ordering needs numbers.
        _ => match op {
            Op::Eq => a.eq_ignore_ascii_case(b),
            Op::Ne => !a.eq_ignore_ascii_case(b),
            _ => return Truth::Unknown,
        },
    };
    if decided { Truth::True } else { Truth::False }
}

/// A number as MSBuild reads one in a comparison: decimal or `0x` hexadecimal.
fn number(text: &str) -> Option<f64> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok().map(|n| n as f64);
    }
    let numeric = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
    numeric.then(|| text.parse::<f64>().ok()).flatten()
}

/// An operand used as a condition on its own: `true`, `$(SignAssembly)`.
fn boolean(operand: &Operand) -> Truth {
    if operand.unknown {
        return Truth::Unknown;
    }
    if operand.per_target {
        return Truth::PerTarget;
    }
    if operand.free {
        return Truth::SomeBuild;
    }
    match operand.text.trim().to_ascii_lowercase().as_str() {
        "true" | "on" | "yes" => Truth::True,
        "false" | "off" | "no" => Truth::False,
        // Anything else is an MSBuild error.
        _ => Truth::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Properties every build agrees on: `Defined` = `yes`, `Empty` = ``.
    fn lookup(name: &str) -> Option<String> {
        match name {
            "defined" => Some("yes".to_owned()),
            "empty" => Some(String::new()),
            "version" => Some("4.5".to_owned()),
            _ => None,
        }
    }

    fn eval(text: &str) -> Truth {
        evaluate(text, &lookup)
    }

    #[test]
    fn os_is_windows() {
        assert_eq!(eval("'$(OS)' == 'Windows_NT'"), Truth::True);
        assert_eq!(eval("'$(OS)'=='windows_nt'"), Truth::True, "any case");
        assert_eq!(eval(" '$(OS)' != 'Windows_NT' "), Truth::False);
        assert_eq!(eval("'$(OS)' == 'Unix'"), Truth::False);
        assert_eq!(eval("$(OS) == Windows_NT"), Truth::True, "unquoted");
    }

    #[test]
    fn configuration_and_platform_hold_for_some_build() {
        for text in [
            " '$(Configuration)|$(Platform)' == 'Debug|AnyCPU' ",
            "'$(Configuration)' == 'Release'",
            "'$(Configuration)' != 'Debug'",
            "'$(Platform)' == ''",
            "!('$(Configuration)' == 'Debug')",
        ] {
            assert_eq!(eval(text), Truth::SomeBuild, "{text}");
        }
    }

    #[test]
    fn target_framework_binds_to_targets() {
        for text in [
            "'$(TargetFramework)' == 'net40'",
            "'$(TargetFramework)' != 'net45'",
            "'$(TargetFramework)' == 'net45' and '$(Configuration)' == 'Release'",
            "'$(TargetFramework)' == 'net40' or '$(TargetFramework)' == 'net45'",
        ] {
            assert_eq!(eval(text), Truth::PerTarget, "{text}");
        }
        assert_eq!(
            eval("'$(TargetFramework)' == 'net45' or '$(Configuration)' == 'Debug'"),
            Truth::SomeBuild,
            "true in every Debug build"
        );
        assert_eq!(
            eval("'$(TargetFramework)' == 'net45' and '$(OS)' != 'Windows_NT'"),
            Truth::False
        );
    }

    #[test]
    fn functions_items_and_unknown_properties_are_unknown() {
        for text in [
            "Exists('packages.config')",
            "!Exists('$(MSBuildThisFileDirectory)x.props')",
            "HasTrailingSlash('$(OutputPath)')",
            "'$(BuildingInsideVisualStudio)' == 'true'",
            "'$([System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform($([System.Runtime.InteropServices.OSPlatform]::Windows)))' == 'true'",
            "$(TargetFramework.StartsWith('net4'))",
            "'@(Compile)' != ''",
            "'%(Identity)' == 'x'",
            "'$(Configuration)' == '$(Unknown)'",
            "'abc' < 'abd'",
            "$(Unclosed",
            "'unterminated",
            "'a' == 'a' and",
            "'a' = 'a'",
            "maybe",
            "'$(OS)' == 'Windows_NT' and Exists('x')",
        ] {
            assert_eq!(eval(text), Truth::Unknown, "{text}");
        }
    }

    #[test]
    fn known_properties_literals_and_logic() {
        assert_eq!(eval("'$(Defined)' == 'YES'"), Truth::True);
        assert_eq!(eval("'$(Empty)' == ''"), Truth::True);
        assert_eq!(eval("'$(Defined)' == ''"), Truth::False);
        assert_eq!(eval("$(Version) >= 4.0"), Truth::True);
        assert_eq!(eval("'$(Version)' < '4'"), Truth::False);
        assert_eq!(
            eval("'1.0' == '1'"),
            Truth::True,
            "numbers compare as numbers"
        );
        assert_eq!(eval("0x10 == 16"), Truth::True);
        assert_eq!(eval("'a%3Bb' == 'a;b'"), Truth::True, "escapes");
        assert_eq!(eval("true"), Truth::True);
        assert_eq!(eval("'false' or !true"), Truth::False);
        assert_eq!(eval(""), Truth::True, "an empty condition holds");
        assert_eq!(eval("false and Exists('x')"), Truth::False, "false wins");
        assert_eq!(eval("true or Exists('x')"), Truth::True, "true wins");
        assert_eq!(
            eval("'$(Configuration)' == 'Debug' or Exists('x')"),
            Truth::SomeBuild
        );
        assert_eq!(
            eval("('$(OS)' == 'Windows_NT' AND ('$(Configuration)' == 'Debug')) Or false"),
            Truth::SomeBuild
        );
    }

    #[test]
    fn hostile_nesting_is_unknown_not_a_crash() {
        let deep = format!("{}true{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(eval(&deep), Truth::Unknown);
        let nots = format!("{}true", "!".repeat(10_000));
        assert_eq!(eval(&nots), Truth::Unknown);
    }

    #[test]
    fn guards_combine_and_describe() {
        let guard = |condition: &str, negated| Guard {
            condition: condition.to_owned(),
            negated,
        };
        let guards = [
            guard("'$(OS)' == 'Windows_NT'", false),
            guard(" '$(Configuration)'\n == 'Debug' ", false),
        ];
        assert_eq!(guards_truth(&guards, &lookup), Truth::SomeBuild);
        assert_eq!(
            describe(&guards),
            "`'$(OS)' == 'Windows_NT'` and `'$(Configuration)' == 'Debug'`"
        );
        let otherwise = [guard("'$(OS)' == 'Windows_NT'", true)];
        assert_eq!(guards_truth(&otherwise, &lookup), Truth::False);
        assert_eq!(describe(&otherwise), "not `'$(OS)' == 'Windows_NT'`");
        assert_eq!(guards_truth(&[], &lookup), Truth::True);
    }
}
