//! What the language analysers learn about a file, in a form no rule has to parse again.
//!
//! Analysers (C# today) turn syntax into these facts; rules (`src/rules/`) turn facts and the
//! file's context (its effective target) into findings. Keeping the two apart lets every
//! language feed the same rules, and lets project-level rules use the same facts.

use std::ops::Range;

use crate::protocol::{MODERN_BITS, ProtocolEnum};

/// A byte range in the decoded text of a file.
pub type Span = Range<usize>;

/// One operand of a protocol value: an enum member, a numeric cast or a constant reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operand {
    pub span: Span,
    /// The enum the operand belongs to.
    pub protocol: ProtocolEnum,
    /// The protocol bits the operand stands for.
    pub bits: u32,
    /// The operand as written, whitespace collapsed (`SecurityProtocolType.Tls11`).
    pub text: String,
    /// Whether the value is written here. References to constants (`Legacy.Protocols`,
    /// `SecurityProtocolTypeExtensions.Tls11`) are reported where the constant is declared.
    pub written_here: bool,
}

impl Operand {
    /// Legacy bits of this operand (nothing for non-reportable references).
    pub fn legacy_bits(&self) -> u32 {
        self.bits & self.protocol.legacy_bits()
    }
}

/// How a value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOp {
    /// `x = value`, an initializer, an argument, a return value.
    Set,
    /// `x |= value` or `x = x | value`: adds protocols to those already enabled.
    Add,
    /// Any other compound assignment (`^=`, `+=`).
    Other,
}

/// Where a written value takes effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sink {
    /// Not a protocol setting itself (a variable, a field, an unrelated argument).
    None,
    /// `ServicePointManager.SecurityProtocol`.
    SecurityProtocol,
    /// An `SslProtocols` or `EnabledSslProtocols` property (handlers, options, WCF bindings).
    SslProtocolsProperty,
    /// The protocol argument of `SslStream.AuthenticateAs*`.
    AuthenticateArgument,
}

/// A protocol value written somewhere (never a read such as a comparison or a mask).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolWrite {
    /// The statement or declaration holding the write: findings are grouped by it.
    pub statement: Span,
    /// The whole value expression (`SecurityProtocolType.Tls | SecurityProtocolType.Tls12`).
    pub value: Span,
    pub op: WriteOp,
    pub sink: Sink,
    /// The operands found in the value, in source order.
    pub operands: Vec<Operand>,
    /// What the value can evaluate to.
    pub summary: ValueSummary,
}

impl ProtocolWrite {
    /// Whether the value is an explicit pin made only of TLS 1.2/1.3 (DESIGN.md §2, TLS003):
    /// every part is known, at least one version is named, and none is older than TLS 1.2.
    /// The previous value in an additive write (`x |= …`, `x = x | …`) does not count.
    pub fn pins_only_modern(&self) -> bool {
        let s = &self.summary;
        !s.unknown
            && s.bits != 0
            && s.bits & !MODERN_BITS == 0
            && !(s.self_ref && self.op == WriteOp::Set)
    }

    /// Whether the written value enables TLS 1.2 or newer (an opt-in on old targets).
    pub fn enables_modern(&self) -> bool {
        self.summary.bits & MODERN_BITS != 0
    }
}

/// The possible values of an expression, as far as it can be evaluated statically.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValueSummary {
    /// Union of the protocol bits every branch can produce.
    pub bits: u32,
    /// Some part could not be evaluated (a variable, a call).
    pub unknown: bool,
    /// The value includes the property's previous value (`x = x | Tls12`).
    pub self_ref: bool,
}

/// Where an AppContext switch is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwitchOrigin {
    /// `AppContext.SetSwitch(name, value)` in code.
    Code,
}

/// An AppContext switch set to a value (`AppContext.SetSwitch`, config overrides).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SwitchSetting {
    /// Where to report it: the call, or the config attribute.
    pub span: Span,
    /// The switch name, when it could be resolved to a constant string.
    pub name: Option<String>,
    /// The value, when it is a constant.
    pub value: Option<bool>,
    pub origin: SwitchOrigin,
}

/// Everything the analysers learned about one file.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    pub writes: Vec<ProtocolWrite>,
    pub switches: Vec<SwitchSetting>,
    /// Syntax the parser could not make sense of that was analysed token by token instead.
    pub recovered_regions: usize,
}
