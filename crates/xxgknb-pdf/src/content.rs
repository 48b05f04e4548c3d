//! Content-stream tokenizer: the operators of a page and their operands,
//! read straight from the decoded bytes.
//!
//! It follows the content grammar of lopdf (`lopdf::content::Content::decode_iter`,
//! which the adapter used before): the same operations with the same
//! operands, and it stops where lopdf stops (at the first thing that is not
//! an operation). It differs in cost only: numbers, names and strings
//! without escapes are read in place, the operand list is reused from one
//! operator to the next, and dictionaries are skipped rather than built
//! (the interpreter reads none). Parsing content streams with lopdf's
//! combinators was a fifth of a PDF's parse time.
//!
//! `tests/content_tokens.rs` compares the two on every fixture PDF and on
//! hand-written edge cases.

use std::borrow::Cow;

/// Deepest nesting of arrays and dictionaries in an operand, and of
/// parentheses in a literal string (lopdf's limits).
const MAX_NESTING: usize = 100;

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'a> {
    /// An integer.
    Integer(i64),
    /// A real number.
    Real(f32),
    /// A name, `#xx` escapes decoded, without the slash.
    Name(Cow<'a, [u8]>),
    /// A literal or hexadecimal string, escapes decoded.
    Str(Cow<'a, [u8]>),
    /// An array.
    Array(Vec<Operand<'a>>),
    /// `true` or `false`.
    Bool(bool),
    /// A dictionary (its entries are skipped), `null`, or an object
    /// reference inside an array.
    Other,
}

impl Operand<'_> {
    /// The operand as a number, when it is one.
    pub fn number(&self) -> Option<f32> {
        match self {
            Operand::Integer(i) => Some(*i as f32),
            Operand::Real(r) => Some(*r),
            _ => None,
        }
    }
}

/// Why an operand or operation could not be read: `Mismatch` lets the
/// caller try something else (the operand list ends and the operator is
/// read), `Fatal` ends the stream.
enum Stop {
    Mismatch,
    Fatal,
}

type Parsed<'a, T> = Result<(T, &'a [u8]), Stop>;

/// The operations of a content stream, one at a time.
pub struct Operations<'a> {
    rest: &'a [u8],
    operands: Vec<Operand<'a>>,
    started: bool,
    done: bool,
}

impl<'a> Operations<'a> {
    /// Operations of the decoded content `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Operations {
            rest: bytes,
            operands: Vec::new(),
            started: false,
            done: false,
        }
    }

    /// The operands of the operator [`Self::next_operator`] returned last.
    pub fn operands(&self) -> &[Operand<'a>] {
        &self.operands
    }

    /// The next operator (its operands in [`Self::operands`]); `None` at
    /// the end of the stream and from the first thing that is not an
    /// operation on. An inline image is the operator `BI` with no operands.
    pub fn next_operator(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            self.rest = skip_white(self.rest);
        }
        self.operands.clear();
        match self.operation() {
            Some((operator, rest)) => {
                self.rest = rest;
                Some(operator)
            }
            None => {
                self.done = true;
                None
            }
        }
    }

    fn operation(&mut self) -> Option<(&'a str, &'a [u8])> {
        let mut input = self.rest;
        // comments come only before an operation (each with its end of line)
        while input.first() == Some(&b'%') {
            input = skip_white(comment(input)?);
        }
        if input.starts_with(b"BI") {
            return Some(("BI", inline_image(skip_white(from(input, 2)))?));
        }
        loop {
            match operand(input) {
                Ok((o, rest)) => {
                    self.operands.push(o);
                    input = skip_white(rest);
                }
                Err(Stop::Mismatch) => break,
                Err(Stop::Fatal) => return None,
            }
        }
        let len = input
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || b"*'\"".contains(&c))
            .count();
        if len == 0 || input.first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let operator = std::str::from_utf8(upto(input, len)).ok()?;
        Some((operator, skip_white(from(input, len))))
    }
}

/// The bytes from `n` on (none past the end).
fn from(s: &[u8], n: usize) -> &[u8] {
    s.get(n..).unwrap_or(&[])
}

/// The first `n` bytes (all when there are fewer).
fn upto(s: &[u8], n: usize) -> &[u8] {
    s.get(..n).unwrap_or(s)
}

/// The bytes from `a` up to `b`.
fn between(s: &[u8], a: usize, b: usize) -> &[u8] {
    upto(from(s, a), b.saturating_sub(a))
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delimiter(c)
}

fn skip_white(input: &[u8]) -> &[u8] {
    let n = input.iter().take_while(|&&c| is_white(c)).count();
    from(input, n)
}

/// A `%` comment and its end of line (a comment the stream ends in, with no
/// end of line, is not one).
fn comment(input: &[u8]) -> Option<&[u8]> {
    let body = input.strip_prefix(b"%")?;
    let n = body
        .iter()
        .take_while(|&&c| c != b'\r' && c != b'\n')
        .count();
    eol(from(body, n))
}

/// The rest after an end of line (`\r\n`, `\n` or `\r`) at the start.
fn eol(input: &[u8]) -> Option<&[u8]> {
    input
        .strip_prefix(b"\r\n")
        .or_else(|| input.strip_prefix(b"\n"))
        .or_else(|| input.strip_prefix(b"\r"))
}

/// White space and comments, as many as there are (between the items of
/// arrays and dictionaries).
fn skip_space(mut input: &[u8]) -> &[u8] {
    loop {
        let after = skip_white(input);
        match comment(after) {
            Some(rest) => input = rest,
            None => return after,
        }
    }
}

/// An operand of an operator: what lopdf's content grammar tries, in its
/// order (no object references outside arrays).
fn operand(input: &[u8]) -> Parsed<'_, Operand<'_>> {
    if let Some(rest) = input.strip_prefix(b"null") {
        return Ok((Operand::Other, rest));
    }
    if let Some(rest) = input.strip_prefix(b"true") {
        return Ok((Operand::Bool(true), rest));
    }
    if let Some(rest) = input.strip_prefix(b"false") {
        return Ok((Operand::Bool(false), rest));
    }
    if let Some(n) = number(input) {
        return Ok(n);
    }
    match input.first() {
        Some(b'/') => Ok(name(input)),
        Some(b'(') => literal_string(input),
        Some(b'<') => hex_string(input).or_else(|_| dictionary(input, MAX_NESTING)),
        Some(b'[') => array(input, MAX_NESTING),
        _ => Err(Stop::Mismatch),
    }
}

/// An object inside an array or dictionary (lopdf's direct object: an
/// integer may start a reference `12 0 R`), and the space after it.
fn direct_object(input: &[u8], depth: usize) -> Parsed<'_, Operand<'_>> {
    if depth == 0 {
        return Err(Stop::Fatal);
    }
    let (o, rest) = match input.first() {
        Some(b'n') => input
            .strip_prefix(b"null")
            .map(|r| (Operand::Other, r))
            .ok_or(Stop::Mismatch)?,
        Some(b't') => input
            .strip_prefix(b"true")
            .map(|r| (Operand::Bool(true), r))
            .ok_or(Stop::Mismatch)?,
        Some(b'f') => input
            .strip_prefix(b"false")
            .map(|r| (Operand::Bool(false), r))
            .ok_or(Stop::Mismatch)?,
        Some(b'0'..=b'9') => match reference(input) {
            Some(rest) => (Operand::Other, rest),
            None => number(input).ok_or(Stop::Mismatch)?,
        },
        Some(b'+' | b'-' | b'.') => number(input).ok_or(Stop::Mismatch)?,
        Some(b'/') => name(input),
        Some(b'(') => literal_string(input)?,
        Some(b'<') => match hex_string(input) {
            Ok(s) => s,
            Err(_) => dictionary(input, depth - 1)?,
        },
        Some(b'[') => array(input, depth - 1)?,
        _ => return Err(Stop::Mismatch),
    };
    Ok((o, skip_space(rest)))
}

/// `12 0 R`: the rest after it.
fn reference(input: &[u8]) -> Option<&[u8]> {
    let (_, rest) = unsigned(input, u64::from(u32::MAX))?;
    let (_, rest) = unsigned(skip_space(rest), u64::from(u16::MAX))?;
    skip_space(rest).strip_prefix(b"R")
}

/// Digits at the start, when their value is at most `max`.
fn unsigned(input: &[u8], max: u64) -> Option<(u64, &[u8])> {
    let n = input.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    let value = upto(input, n).iter().try_fold(0u64, |v, &d| {
        v.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })?;
    (value <= max).then_some((value, from(input, n)))
}

/// A real (`-1.5`, `.5`, `3.`; a minus sign inside the fraction, as some
/// producers write it, is ignored) or an integer.
fn number(input: &[u8]) -> Option<(Operand<'_>, &[u8])> {
    let signed = matches!(input.first(), Some(b'+' | b'-')) as usize;
    let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = digits(from(input, signed));
    let after_whole = signed + whole;
    let has_point = input.get(after_whole) == Some(&b'.');
    if has_point && (whole > 0 || digits(from(input, after_whole + 1)) > 0) {
        let start = after_whole + 1;
        let fraction = from(input, start)
            .iter()
            .take_while(|&&c| c == b'-' || c.is_ascii_digit())
            .count();
        let end = start + fraction;
        let text = upto(input, end);
        let value = if between(input, start, end).contains(&b'-') {
            let mut kept = upto(text, 1).to_vec();
            kept.extend(from(text, 1).iter().filter(|&&c| c != b'-'));
            parse_f32(&kept)
        } else {
            parse_f32(text)
        };
        if let Some(v) = value {
            return Some((Operand::Real(v), from(input, end)));
        }
    }
    if whole == 0 {
        return None;
    }
    let magnitude = between(input, signed, after_whole)
        .iter()
        .try_fold(0u64, |v, &d| {
            v.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })?;
    let value = if input.first() == Some(&b'-') {
        0i64.checked_sub_unsigned(magnitude)?
    } else {
        i64::try_from(magnitude).ok()?
    };
    Some((Operand::Integer(value), from(input, after_whole)))
}

fn parse_f32(text: &[u8]) -> Option<f32> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|v| v as u8)
}

/// A name: `/` and regular characters, `#` with two hex digits standing
/// for one byte (any other `#` ends the name).
fn name(input: &[u8]) -> (Operand<'_>, &[u8]) {
    let body = from(input, 1);
    let mut owned: Option<Vec<u8>> = None;
    let mut i = 0;
    let mut run_start = 0;
    loop {
        i += from(body, i)
            .iter()
            .take_while(|&&c| c != b'#' && is_regular(c))
            .count();
        let escape = match (body.get(i), body.get(i + 1), body.get(i + 2)) {
            (Some(b'#'), Some(&h), Some(&l)) => hex_value(h).zip(hex_value(l)),
            _ => None,
        };
        match escape {
            Some((h, l)) => {
                let v = owned.get_or_insert_with(Vec::new);
                v.extend_from_slice(between(body, run_start, i));
                v.push(h << 4 | l);
                i += 3;
                run_start = i;
            }
            None => {
                let name = match owned {
                    Some(mut v) => {
                        v.extend_from_slice(between(body, run_start, i));
                        Cow::Owned(v)
                    }
                    None => Cow::Borrowed(upto(body, i)),
                };
                return (Operand::Name(name), from(body, i));
            }
        }
    }
}

/// A literal string `( … )`: balanced parentheses kept, escapes decoded,
/// each end of line read as `\n`.
fn literal_string(input: &[u8]) -> Parsed<'_, Operand<'_>> {
    let body = from(input, 1);
    // decoded bytes, once the string differs from its source
    let mut owned: Option<Vec<u8>> = None;
    let own = |owned: &mut Option<Vec<u8>>, end: usize| {
        owned.get_or_insert_with(|| upto(body, end).to_vec());
    };
    let mut level = 0usize;
    let mut i = 0;
    loop {
        let Some(&c) = body.get(i) else {
            return Err(Stop::Mismatch);
        };
        match c {
            b')' if level == 0 => {
                let s = match owned {
                    Some(v) => Cow::Owned(v),
                    None => Cow::Borrowed(upto(body, i)),
                };
                return Ok((Operand::Str(s), from(body, i + 1)));
            }
            b'(' | b')' => {
                if c == b'(' {
                    if level == MAX_NESTING {
                        return Err(Stop::Mismatch);
                    }
                    level += 1;
                } else {
                    level -= 1;
                }
                if let Some(v) = owned.as_mut() {
                    v.push(c);
                }
                i += 1;
            }
            b'\\' => {
                own(&mut owned, i);
                let (byte, used) = escape(from(body, i + 1)).ok_or(Stop::Mismatch)?;
                if let (Some(v), Some(b)) = (owned.as_mut(), byte) {
                    v.push(b);
                }
                i += 1 + used;
            }
            b'\r' => {
                own(&mut owned, i);
                if let Some(v) = owned.as_mut() {
                    v.push(b'\n');
                }
                i += if body.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
            }
            _ => {
                if let Some(v) = owned.as_mut() {
                    v.push(c);
                }
                i += 1;
            }
        }
    }
}

/// What follows a backslash in a literal string: the byte it stands for
/// (`None` for an escaped end of line) and how many bytes it used.
fn escape(after: &[u8]) -> Option<(Option<u8>, usize)> {
    let octal = after
        .iter()
        .take(3)
        .take_while(|c| (b'0'..=b'7').contains(c))
        .count();
    if octal > 0 {
        let v = upto(after, octal)
            .iter()
            .fold(0u16, |v, &d| v * 8 + u16::from(d - b'0'));
        return Some((Some(v as u8), octal));
    }
    Some(match *after.first()? {
        b'\r' if after.get(1) == Some(&b'\n') => (None, 2),
        b'\r' | b'\n' => (None, 1),
        b'n' => (Some(b'\n'), 1),
        b'r' => (Some(b'\r'), 1),
        b't' => (Some(b'\t'), 1),
        b'b' => (Some(b'\x08'), 1),
        b'f' => (Some(b'\x0C'), 1),
        c => (Some(c), 1),
    })
}

/// A hexadecimal string `< … >` (white space between digits; an odd last
/// digit is the high half of a byte).
fn hex_string(input: &[u8]) -> Parsed<'_, Operand<'_>> {
    let mut bytes = Vec::new();
    let mut high = true;
    let mut rest = from(input, 1);
    loop {
        let after = skip_white(rest);
        match after.first().and_then(|&c| hex_value(c)) {
            Some(v) => {
                if high {
                    bytes.push(v << 4);
                } else if let Some(last) = bytes.last_mut() {
                    *last |= v;
                }
                high = !high;
                rest = from(after, 1);
            }
            None => {
                rest = after;
                break;
            }
        }
    }
    let rest = rest.strip_prefix(b">").ok_or(Stop::Mismatch)?;
    Ok((Operand::Str(Cow::Owned(bytes)), rest))
}

/// An array `[ … ]` of direct objects.
fn array(input: &[u8], depth: usize) -> Parsed<'_, Operand<'_>> {
    let mut rest = skip_space(from(input, 1));
    let mut items = Vec::new();
    loop {
        match direct_object(rest, depth) {
            Ok((o, r)) => {
                items.push(o);
                rest = r;
            }
            Err(Stop::Mismatch) => break,
            Err(Stop::Fatal) => return Err(Stop::Fatal),
        }
    }
    let rest = rest.strip_prefix(b"]").ok_or(Stop::Mismatch)?;
    Ok((Operand::Array(items), rest))
}

/// A dictionary `<< /Key value … >>`, skipped.
fn dictionary(input: &[u8], depth: usize) -> Parsed<'_, Operand<'_>> {
    let body = input.strip_prefix(b"<<").ok_or(Stop::Mismatch)?;
    let mut rest = skip_space(body);
    loop {
        if rest.first() != Some(&b'/') {
            break;
        }
        let (_, after_key) = name(rest);
        match direct_object(skip_space(after_key), depth) {
            Ok((_, r)) => rest = r,
            Err(Stop::Mismatch) => break,
            Err(Stop::Fatal) => return Err(Stop::Fatal),
        }
    }
    let rest = rest.strip_prefix(b">>").ok_or(Stop::Mismatch)?;
    Ok((Operand::Other, rest))
}

/// An inline image's dictionary: its entries in order.
struct InlineImage<'a>(Vec<(Cow<'a, [u8]>, Operand<'a>)>);

impl<'a> InlineImage<'a> {
    /// The value of a key, by its abbreviation first (as lopdf looks it
    /// up); the last of a repeated key counts.
    fn get(&self, abbreviation: &[u8], key: &[u8]) -> Option<&Operand<'a>> {
        let last = |k: &[u8]| self.0.iter().rev().find(|(n, _)| **n == *k).map(|(_, v)| v);
        last(abbreviation).or_else(|| last(key))
    }

    /// Bytes of the image data, when the dictionary says (unfiltered data
    /// of a known colour space).
    fn data_len(&self) -> Option<usize> {
        let size = |o: Option<&Operand>| match o {
            Some(Operand::Integer(i)) => usize::try_from(*i).ok(),
            _ => None,
        };
        let width = size(self.get(b"W", b"Width"))?;
        let height = size(self.get(b"H", b"Height"))?;
        let mask = matches!(self.get(b"IM", b"ImageMask"), Some(Operand::Bool(true)));
        let bits = match (self.get(b"BPC", b"BitsPerComponent"), mask) {
            (None, true) => 1,
            (bits, _) => size(bits)?,
        };
        let colours = if mask {
            1
        } else {
            match self.get(b"CS", b"ColorSpace")? {
                Operand::Array(a) if matches!(a.first(), Some(Operand::Name(n)) if **n == *b"Indexed" || **n == *b"I") => {
                    1
                }
                Operand::Name(n) => match &**n {
                    b"DeviceGray" | b"G" | b"Gray" => 1,
                    b"DeviceRGB" | b"RGB" => 3,
                    b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK" => 4,
                    _ => return None,
                },
                _ => return None,
            }
        };
        if self.get(b"F", b"Filter").is_some() {
            return None;
        }
        bits.checked_mul(colours)
            .and_then(|bpp| width.checked_mul(bpp))
            .and_then(|row| row.div_ceil(8).checked_mul(height))
    }
}

/// An inline image after its `BI`: the dictionary, `ID`, the data and
/// `EI`; the rest after it.
fn inline_image(input: &[u8]) -> Option<&[u8]> {
    let mut dict = InlineImage(Vec::new());
    let mut rest = input;
    while rest.first() == Some(&b'/') {
        let (key, after_key) = name(rest);
        let Operand::Name(key) = key else {
            return None;
        };
        match direct_object(skip_space(after_key), MAX_NESTING) {
            Ok((value, r)) => {
                dict.0.push((key, value));
                rest = r;
            }
            Err(Stop::Mismatch) => break,
            Err(Stop::Fatal) => return None,
        }
    }
    let mut data = rest.strip_prefix(b"ID")?;
    // one white-space character (CR LF as one) separates ID from the data
    data = eol(data)
        .or_else(|| {
            data.first()
                .filter(|&&c| is_white(c))
                .map(|_| from(data, 1))
        })
        .unwrap_or(data);
    if let Some(len) = dict.data_len().filter(|&n| n <= data.len()) {
        let after = skip_white(from(data, len));
        return after.strip_prefix(b"EI").map(skip_white);
    }
    // data of unknown length: up to the first `EI` between white space
    let at = data.windows(3).enumerate().find_map(|(i, w)| {
        (matches!(w, [c, b'E', b'I'] if is_white(*c))
            && data.get(i + 3).is_none_or(|&c| is_white(c)))
        .then_some(i)
    })?;
    Some(skip_white(from(data, at + 3)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(String, Vec<Operand<'_>>)> {
        let mut it = Operations::new(src);
        let mut out = Vec::new();
        while let Some(op) = it.next_operator() {
            out.push((op.to_string(), it.operands().to_vec()));
        }
        out
    }

    #[test]
    fn numbers_names_and_strings() {
        let got = ops(b"0.5 -3 .25 4. /F#201 12 Tf (a\\(b\\)c\\101) Tj <4142 4> Tj");
        assert_eq!(got[0].0, "Tf");
        assert_eq!(
            got[0].1,
            vec![
                Operand::Real(0.5),
                Operand::Integer(-3),
                Operand::Real(0.25),
                Operand::Real(4.0),
                Operand::Name(Cow::Borrowed(b"F 1")),
                Operand::Integer(12)
            ]
        );
        assert_eq!(got[1].1, vec![Operand::Str(Cow::Borrowed(b"a(b)cA"))]);
        assert_eq!(got[2].1, vec![Operand::Str(Cow::Borrowed(b"AB@"))]);
    }

    #[test]
    fn stops_at_what_is_not_an_operation() {
        let got = ops(b"1 0 0 1 0 0 cm 12 ) Tj BT ET");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "cm");
    }

    #[test]
    fn inline_image_is_one_operator() {
        let got = ops(b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00E EI Q");
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q"]);
    }
}
