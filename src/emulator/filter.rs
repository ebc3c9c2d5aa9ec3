//! The query-filter language of the Chat API's list methods: comparisons (`field = "value"`,
//! `!=`, `<`, `>`, `<=`, `>=`, the has operator `:`), function calls (`creator("users/me")`),
//! `NOT`, and `AND`/`OR` with parentheses. Mixing `AND` and `OR` at one level without
//! parentheses is rejected, as the Chat docs require. Each resource then checks the parsed
//! tree against its own documented grammar. `SearchMessages` queries have a looser top level
//! (keywords, terms side by side) and are parsed here too, by [`parse_search`].

use tonic::Status;

use super::errors::invalid;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Has,
}

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    /// `field op value`; `quoted` says whether the value was in double quotes.
    Cmp {
        field: String,
        op: Op,
        value: String,
        quoted: bool,
    },
    /// `name(arg, ...)`.
    Call {
        name: String,
        args: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Comma,
    Op(Op),
    And,
    Or,
    Not,
    Word(String),
    Quoted(String),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            ':' => {
                out.push(Tok::Op(Op::Has));
                i += 1;
            }
            '=' => {
                out.push(Tok::Op(Op::Eq));
                i += 1;
            }
            '!' | '<' | '>' => {
                let eq = chars.get(i + 1) == Some(&'=');
                let op = match (c, eq) {
                    ('!', true) => Op::Ne,
                    ('<', true) => Op::Le,
                    ('>', true) => Op::Ge,
                    ('<', false) => Op::Lt,
                    ('>', false) => Op::Gt,
                    _ => return Err(format!("unexpected `{c}` at {i}")),
                };
                out.push(Tok::Op(op));
                i += if eq { 2 } else { 1 };
            }
            '"' => {
                let mut v = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unterminated string".into()),
                        Some('"') => break,
                        Some('\\') if i + 1 < chars.len() => {
                            v.push(chars[i + 1]);
                            i += 2;
                        }
                        Some(ch) => {
                            v.push(*ch);
                            i += 1;
                        }
                    }
                }
                i += 1;
                out.push(Tok::Quoted(v));
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(
                        chars[i],
                        '(' | ')' | ',' | '=' | '!' | '<' | '>' | '"' | ':'
                    )
                {
                    i += 1;
                }
                // A bare value may contain `:` after the first segment (e.g. timestamps are
                // always quoted, but resource names never have colons), so stop at `:`.
                let word: String = chars[start..i].iter().collect();
                out.push(match word.as_str() {
                    "AND" => Tok::And,
                    "OR" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => Tok::Word(word),
                });
            }
        }
    }
    Ok(out)
}

/// How deeply parentheses and `NOT` may nest. The parser recurses once per level, so an
/// unbounded depth would let one request overflow the server's stack; real filters nest two
/// or three levels.
const MAX_DEPTH: usize = 64;

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn new(toks: Vec<Tok>) -> Self {
        Parser {
            toks,
            pos: 0,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expr(&mut self) -> Result<Expr, String> {
        let first = self.unary()?;
        let mut items = vec![first];
        let mut joiner: Option<Tok> = None;
        while let Some(t @ (Tok::And | Tok::Or)) = self.peek().cloned() {
            if joiner.as_ref().is_some_and(|j| *j != t) {
                return Err("use parentheses to combine AND and OR".into());
            }
            joiner = Some(t);
            self.pos += 1;
            items.push(self.unary()?);
        }
        Ok(match joiner {
            None => items.pop().unwrap_or(Expr::And(Vec::new())),
            Some(Tok::And) => Expr::And(items),
            Some(_) => Expr::Or(items),
        })
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if matches!(self.peek(), Some(Tok::Not | Tok::LParen)) {
            if self.depth >= MAX_DEPTH {
                return Err(format!(
                    "parentheses and NOT nest more than {MAX_DEPTH} levels deep"
                ));
            }
            self.depth += 1;
            let e = self.nested();
            self.depth -= 1;
            return e;
        }
        self.nested()
    }

    /// The value of `field op value`, the field and operator already read.
    fn comparison(&mut self, field: String, op: Op) -> Result<Expr, String> {
        let (value, quoted) = match self.next() {
            Some(Tok::Quoted(v)) => (v, true),
            Some(Tok::Word(v)) => (v, false),
            _ => return Err(format!("missing value after `{field}`")),
        };
        Ok(Expr::Cmp {
            field,
            op,
            value,
            quoted,
        })
    }

    fn nested(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Tok::Not) => Ok(Expr::Not(Box::new(self.unary()?))),
            Some(Tok::LParen) => {
                let e = self.expr()?;
                match self.next() {
                    Some(Tok::RParen) => Ok(e),
                    _ => Err("missing `)`".into()),
                }
            }
            Some(Tok::Word(field)) => match self.next() {
                Some(Tok::Op(op)) => self.comparison(field, op),
                Some(Tok::LParen) => {
                    let mut args = Vec::new();
                    loop {
                        match self.next() {
                            Some(Tok::RParen) if args.is_empty() => break,
                            Some(Tok::Quoted(a) | Tok::Word(a)) => args.push(a),
                            _ => return Err(format!("bad arguments to `{field}`")),
                        }
                        match self.next() {
                            Some(Tok::Comma) => {}
                            Some(Tok::RParen) => break,
                            _ => return Err(format!("bad arguments to `{field}`")),
                        }
                    }
                    Ok(Expr::Call { name: field, args })
                }
                _ => Err(format!("expected an operator after `{field}`")),
            },
            Some(t) => Err(format!("unexpected {t:?}")),
            None => Err("unexpected end of filter".into()),
        }
    }
}

/// Parses a filter; an empty one is `None`. Errors are `INVALID_ARGUMENT` on `field`.
pub(crate) fn parse(filter: &str, field: &str) -> Result<Option<Expr>, Status> {
    if filter.trim().is_empty() {
        return Ok(None);
    }
    let toks = tokenize(filter).map_err(|e| invalid(field, format!("invalid query: {e}")))?;
    let mut p = Parser::new(toks);
    let e = p
        .expr()
        .map_err(|e| invalid(field, format!("invalid query: {e}")))?;
    if p.pos < p.toks.len() {
        return Err(invalid(field, "invalid query: unexpected trailing input"));
    }
    Ok(Some(e))
}

/// Parses a `SearchMessages` query into its top-level clauses, which are AND-ed. Terms may
/// also stand side by side (an implicit `AND`); a bare word or quoted string is a keyword
/// (`keyword("...")`); functions take no arguments (`has_link()`); `OR` joins the terms on
/// either side; a parenthesised group is a filter of the list grammar above.
pub(crate) fn parse_search(query: &str, field: &str) -> Result<Vec<Expr>, Status> {
    let toks = tokenize(query).map_err(|e| invalid(field, format!("invalid query: {e}")))?;
    Parser::new(toks)
        .search_clauses()
        .map_err(|e| invalid(field, e))
}

impl Parser {
    /// Whether the `(` at the cursor has its `)`.
    fn group_closes(&self) -> bool {
        let mut depth = 0usize;
        for t in &self.toks[self.pos..] {
            match t {
                Tok::LParen => depth += 1,
                Tok::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// The clauses of [`parse_search`]; errors are whole messages.
    fn search_clauses(&mut self) -> Result<Vec<Expr>, String> {
        let mut out = Vec::new();
        // Top-level `OR` joins the clauses on either side (`space.name = A OR space.name = B`);
        // mixing it with an explicit `AND` needs parentheses.
        let (mut saw_and, mut saw_or, mut pending_or) = (false, false, false);
        while let Some(tok) = self.peek().cloned() {
            let before = out.len();
            let after = self.toks.get(self.pos + 1).cloned();
            match tok {
                Tok::And => {
                    saw_and = true;
                    self.pos += 1;
                }
                Tok::Or => {
                    if out.is_empty() || pending_or {
                        return Err("invalid query: misplaced OR".into());
                    }
                    saw_or = true;
                    pending_or = true;
                    self.pos += 1;
                }
                Tok::LParen => {
                    if !self.group_closes() {
                        return Err("invalid query: missing `)`".into());
                    }
                    out.push(self.unary().map_err(|e| format!("invalid query: {e}"))?);
                }
                Tok::Word(w) if matches!(after, Some(Tok::Op(_))) => {
                    let Some(Tok::Op(op)) = after else {
                        return Err("invalid query".into());
                    };
                    self.pos += 2;
                    out.push(self.comparison(w, op)?);
                }
                Tok::Word(w) if after == Some(Tok::LParen) => {
                    if self.toks.get(self.pos + 2) != Some(&Tok::RParen) {
                        return Err(format!("`{w}()` takes no arguments"));
                    }
                    out.push(Expr::Call {
                        name: w,
                        args: Vec::new(),
                    });
                    self.pos += 3;
                }
                Tok::Word(w) | Tok::Quoted(w) => {
                    out.push(Expr::Call {
                        name: "keyword".into(),
                        args: vec![w],
                    });
                    self.pos += 1;
                }
                other => return Err(format!("invalid query: unexpected {other:?}")),
            }
            if saw_and && saw_or {
                return Err("invalid query: use parentheses to combine AND and OR".into());
            }
            if pending_or && out.len() > before {
                pending_or = false;
                let right = out.pop().unwrap_or(Expr::Or(Vec::new()));
                let left = out.pop().unwrap_or(Expr::Or(Vec::new()));
                out.push(match left {
                    Expr::Or(mut items) => {
                        items.push(right);
                        Expr::Or(items)
                    }
                    left => Expr::Or(vec![left, right]),
                });
            }
        }
        if pending_or {
            return Err("invalid query: misplaced OR".into());
        }
        Ok(out)
    }
}

/// The conjuncts of an expression: the items of a top-level `AND`, or the expression itself.
pub(crate) fn conjuncts(e: Expr) -> Vec<Expr> {
    match e {
        Expr::And(items) => items,
        other => vec![other],
    }
}

/// The disjuncts of an expression: the items of a top-level `OR`, or the expression itself.
pub(crate) fn disjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Or(items) => items.iter().collect(),
        other => vec![other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_shapes() {
        let e = parse(
            r#"start_time="2023-08-23T19:20:33+00:00" AND (event_types:"a" OR event_types:"b")"#,
            "filter",
        )
        .unwrap()
        .unwrap();
        let Expr::And(items) = e else { panic!() };
        assert!(matches!(items[1], Expr::Or(_)));
        let e = parse("thread.name = spaces/A/threads/1", "filter")
            .unwrap()
            .unwrap();
        assert!(
            matches!(e, Expr::Cmp { ref value, quoted: false, .. } if value == "spaces/A/threads/1")
        );
        let e = parse(r#"NOT creator("users/me")"#, "filter")
            .unwrap()
            .unwrap();
        assert!(matches!(e, Expr::Not(_)));
        assert!(parse("a = 1 AND b = 2 OR c = 3", "filter").is_err());
        assert!(parse("a = ", "filter").is_err());
        assert!(parse("(a = 1", "filter").is_err());
    }

    #[test]
    fn parses_search_queries() {
        let clauses = parse_search(
            r#"launch "beta plan" (space.name = A OR space.name = B) has_link() OR is_unread()"#,
            "filter",
        )
        .unwrap();
        assert_eq!(clauses.len(), 4);
        assert!(
            matches!(&clauses[0], Expr::Call { name, args } if name == "keyword" && args == &["launch"])
        );
        assert!(matches!(&clauses[2], Expr::Or(items) if items.len() == 2));
        assert!(matches!(&clauses[3], Expr::Or(items) if items.len() == 2));
        assert!(parse_search("a AND b OR c", "filter").is_err());
        assert!(parse_search("OR a", "filter").is_err());
        assert!(parse_search("(a = 1", "filter").is_err());
        assert!(parse_search("has_link(x)", "filter").is_err());
    }
}
