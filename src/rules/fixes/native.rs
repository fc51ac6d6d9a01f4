//! The fixes of native protocol values (TLS008, DESIGN.md §3): what to write instead of the
//! deprecated operands of a WinHTTP or Schannel value, built on what `lang::cpp::values` knows
//! about each operand (which sinks it reaches, whether it is written where only they see it).

use std::cell::RefCell;
use std::collections::HashMap;

use super::delete_statement;
use crate::facts::{NativeBits, NativeChain, NativeOperand, NativeProtocolValue, OperandPlace};
use crate::fix::text::rewrite_c_integer;
use crate::fix::{Applicability, Edit, Fix};
use crate::lang::FileKind;
use crate::lang::cpp::values::{LEGACY, Reach, Side, is_winhttp, only_legacy, versions};

/// The modern part of a combined operand, written the way the operand is.
pub fn modern_names(bits: u32, side: Side, winhttp: bool, operand: &NativeOperand) -> String {
    if let Some(number) = rewrite_c_integer(&operand.text, bits) {
        return number;
    }
    let mut names = Vec::new();
    for (bit, version) in [(side.tls12(), "1_2"), (side.tls13(), "1_3")] {
        if bits & bit != 0 {
            names.push(if winhttp {
                format!("WINHTTP_FLAG_SECURE_PROTOCOL_TLS{version}")
            } else {
                format!("SP_PROT_TLS{version}_{}", side.name().to_ascii_uppercase())
            });
        }
    }
    names.join(" | ")
}

/// Builds the fixes for native values (DESIGN.md §3). Dropping legacy operands from a value
/// that keeps TLS 1.2 or 1.3 at every sink it reaches is safe; anything that changes what is
/// negotiated otherwise is unsafe. Nothing is edited where the parse was recovered, where a
/// deletion would touch a preprocessor line, or in a definition other code can use.
pub struct Fixer<'a> {
    text: &'a str,
    reach: Reach<'a>,
    /// What dropping every legacy operand of a chain gives, by the chain's span: the findings of
    /// one chain share it (a long chain must not be worked out once per operand).
    chains: RefCell<HashMap<(usize, usize), ChainDrop>>,
    /// The replacement of a legacy-only expression, by the expression's span.
    replacements: RefCell<HashMap<(usize, usize), Option<Fix>>>,
}

/// What dropping the legacy operands of a `|` chain gives.
#[derive(Clone)]
enum ChainDrop {
    /// The edits, one fix for every finding of the chain.
    Cut(Fix),
    /// Nothing of the chain would stay.
    Everything,
    /// A deletion would touch a preprocessor line (or an operand cannot be edited).
    Blocked,
}

/// How many operands a fix description names.
const MAX_NAMED: usize = 4;

impl<'a> Fixer<'a> {
    /// The fixer for the native values of one file.
    pub fn new(text: &'a str, values: &'a [NativeProtocolValue]) -> Self {
        Fixer {
            text,
            reach: Reach::new(values),
            chains: RefCell::new(HashMap::new()),
            replacements: RefCell::new(HashMap::new()),
        }
    }

    /// The fix for a deprecated operand of a value that enables versions.
    pub fn enabled(
        &self,
        value: &NativeProtocolValue,
        operand: &NativeOperand,
        side: Side,
    ) -> Option<Fix> {
        if !self.reach.only_feeds(operand, value.api) {
            return None;
        }
        let winhttp = is_winhttp(value, operand);
        let kept = operand.bits & !LEGACY;
        if kept != 0 {
            return self.keep_modern_part(operand, kept, side, winhttp);
        }
        if !only_legacy(operand) {
            return None;
        }
        if let Some(fix) = self.drop_from_chain(value, operand) {
            return Some(fix);
        }
        // The operand's whole expression is deprecated: `|= SSL3 | TLS1`, `= SSL3 | TLS1`.
        let whole = operand.expression_bits;
        if !(whole.is_known() && whole.set & !LEGACY == 0) {
            return None;
        }
        if let OperandPlace::Local {
            deletable: Some(statement),
        } = &operand.place
            && self.reach.modern_without_legacy(operand)
        {
            return delete_statement(
                self.text,
                statement,
                FileKind::Cpp,
                "it only adds deprecated versions",
                Applicability::Safe,
            );
        }
        self.replace_legacy_only(value, operand, side)
    }

    /// A combined operand (`SP_PROT_TLS1_X_CLIENT`, `0xA80`) becomes its modern part. A number
    /// rewritten bit for bit only drops deprecated versions (safe); a combined SDK name means
    /// TLS 1.3 too only in newer SDKs, and `SP_PROT_TLS1_3_CLIENT` does not exist in older ones,
    /// so writing the modern names instead is unsafe.
    fn keep_modern_part(
        &self,
        operand: &NativeOperand,
        kept: u32,
        side: Side,
        winhttp: bool,
    ) -> Option<Fix> {
        let versions = versions(kept);
        if let Some(number) = rewrite_c_integer(&operand.text, kept) {
            return Some(Fix::safe(
                format!("keep only {versions}: `{number}`"),
                vec![Edit::replace(operand.span.clone(), number)],
            ));
        }
        if kept & !side.modern() != 0 {
            return None;
        }
        let names = modern_names(kept, side, winhttp, operand);
        // After a C-style cast (`(DWORD)NAME`), an `|` would bind looser than the cast.
        let before = self.text.get(..operand.span.start).unwrap_or("").trim_end();
        let new = if names.contains('|') && before.ends_with(')') {
            format!("({names})")
        } else {
            names
        };
        Some(Fix::unsafe_(
            format!("keep only {versions}: `{new}`"),
            vec![Edit::replace(operand.span.clone(), new)],
        ))
    }

    /// Removes every deprecated-only operand of `operand`'s `|` chain, with their separators,
    /// when the chain keeps a member and every sink keeps TLS 1.2+ (safe). All findings in the
    /// chain get the same edits, which the fix engine applies once.
    fn drop_from_chain(&self, value: &NativeProtocolValue, operand: &NativeOperand) -> Option<Fix> {
        let chain = operand.chain.as_ref()?;
        if !self.reach.modern_without_legacy(operand) {
            return None;
        }
        let span = chain.span();
        let known = self.chains.borrow().get(&(span.start, span.end)).cloned();
        let dropped = known.unwrap_or_else(|| {
            let dropped = self.drop_all(value, chain);
            self.chains
                .borrow_mut()
                .insert((span.start, span.end), dropped.clone());
            dropped
        });
        match dropped {
            ChainDrop::Cut(fix) => Some(fix),
            ChainDrop::Everything => None,
            // This operand alone may still go.
            ChainDrop::Blocked => Some(Fix::safe(
                format!("remove `{}`; TLS 1.2 and later stay enabled", operand.text),
                chain
                    .cut(&[chain.index])?
                    .into_iter()
                    .map(|cut| Edit::replace(cut, ""))
                    .collect(),
            )),
        }
    }

    /// Drops every legacy operand of `chain` that can be edited.
    fn drop_all(&self, value: &NativeProtocolValue, chain: &NativeChain) -> ChainDrop {
        let mut siblings: Vec<&NativeOperand> = value
            .operands
            .iter()
            .filter(|o| o.chain.as_ref().is_some_and(|c| c.span() == chain.span()))
            .filter(|o| only_legacy(o) && self.reach.only_feeds(o, value.api))
            .collect();
        siblings.sort_by_key(|o| o.chain.as_ref().map_or(0, |c| c.index));
        siblings.dedup_by_key(|o| o.chain.as_ref().map_or(0, |c| c.index));
        let indexes: Vec<usize> = siblings
            .iter()
            .filter_map(|o| o.chain.as_ref().map(|c| c.index))
            .collect();
        if indexes.len() == chain.members.len() {
            // Nothing of the chain would stay: the whole expression is replaced or its `|=`
            // statement deleted instead, in one step.
            return ChainDrop::Everything;
        }
        let Some(cuts) = chain.cut(&indexes) else {
            return ChainDrop::Blocked;
        };
        // Every finding of the chain carries this description: a hostile chain of thousands of
        // operands must not repeat all their names in each.
        let mut names = siblings
            .iter()
            .take(MAX_NAMED)
            .map(|o| format!("`{}`", o.text))
            .collect::<Vec<_>>()
            .join(", ");
        if siblings.len() > MAX_NAMED {
            names.push_str(&format!(" and {} more", siblings.len() - MAX_NAMED));
        }
        ChainDrop::Cut(Fix::safe(
            format!("remove {names}; TLS 1.2 and later stay enabled"),
            cuts.into_iter().map(|cut| Edit::replace(cut, "")).collect(),
        ))
    }

    /// A value made only of deprecated versions gets TLS 1.2 instead (unsafe: it changes what
    /// is negotiated), written where its one expression is, when that expression alone makes
    /// up every value it reaches.
    fn replace_legacy_only(
        &self,
        value: &NativeProtocolValue,
        operand: &NativeOperand,
        side: Side,
    ) -> Option<Fix> {
        // Every operand of the expression reaches the same values: one answer for all of them.
        let key = (operand.expression.start, operand.expression.end);
        if let Some(known) = self.replacements.borrow().get(&key) {
            return known.clone();
        }
        let fix = self.replacement(value, operand, side);
        self.replacements.borrow_mut().insert(key, fix.clone());
        fix
    }

    /// [`Fixer::replace_legacy_only`], worked out.
    fn replacement(
        &self,
        value: &NativeProtocolValue,
        operand: &NativeOperand,
        side: Side,
    ) -> Option<Fix> {
        if !self.reach.sole_legacy_source(operand) {
            return None;
        }
        let expression = &operand.expression;
        let operands: Vec<&NativeOperand> = value
            .operands
            .iter()
            .filter(|o| o.expression == *expression)
            .collect();
        if !operands.iter().all(|o| self.reach.only_feeds(o, value.api)) {
            return None;
        }
        let tls12 = side.tls12();
        let numbers: Vec<String> = operands
            .iter()
            .filter_map(|o| rewrite_c_integer(&o.text, tls12))
            .collect();
        let new = match numbers.first() {
            // A value written as numbers stays a number.
            Some(number) if numbers.len() == operands.len() => number.clone(),
            _ if is_winhttp(value, operand) => "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2".to_owned(),
            _ => format!("SP_PROT_TLS1_2_{}", side.name().to_ascii_uppercase()),
        };
        Some(Fix::unsafe_(
            format!("use TLS 1.2: `{new}`"),
            vec![Edit::replace(expression.clone(), new)],
        ))
    }

    /// The fix for a `grbitDisabledProtocols` value that disables TLS 1.2: remove the TLS 1.2
    /// operand (or its bit from a number). Unsafe: it enables a version. Nothing is guessed
    /// where the bit is not an operand of its own (`~SP_PROT_TLS1_3_CLIENT`).
    pub fn disabled(&self, value: &NativeProtocolValue, side: Side) -> Option<Fix> {
        let tls12 = side.tls12();
        let holders: Vec<&NativeOperand> = value
            .operands
            .iter()
            .filter(|o| o.bits & tls12 != 0)
            .collect();
        if holders.is_empty() || !holders.iter().all(|o| self.reach.only_feeds(o, value.api)) {
            return None;
        }
        let mut edits = Vec::new();
        let mut chains: Vec<(&NativeChain, Vec<usize>)> = Vec::new();
        for holder in &holders {
            if holder.bits != tls12 {
                // Another name holding the bit (`SP_PROT_TLS1_2`) cannot be split; a number
                // can.
                let number = rewrite_c_integer(&holder.text, holder.bits & !tls12)?;
                edits.push(Edit::replace(holder.span.clone(), number));
                continue;
            }
            match &holder.chain {
                Some(chain) => match chains.iter_mut().find(|(c, _)| c.span() == chain.span()) {
                    Some((_, indexes)) => indexes.push(chain.index),
                    None => chains.push((chain, vec![chain.index])),
                },
                // The whole expression is the TLS 1.2 bit: without it, nothing is disabled.
                None if holder.expression_bits == NativeBits::known(tls12) => {
                    edits.push(Edit::replace(holder.expression.clone(), "0"));
                }
                None => return None,
            }
        }
        for (chain, indexes) in chains {
            edits.extend(
                chain
                    .cut(&indexes)?
                    .into_iter()
                    .map(|cut| Edit::replace(cut, "")),
            );
        }
        Some(Fix::unsafe_(
            format!(
                "stop disabling TLS 1.2: remove `SP_PROT_TLS1_2_{}` from `grbitDisabledProtocols`",
                side.name().to_ascii_uppercase()
            ),
            edits,
        ))
    }
}
