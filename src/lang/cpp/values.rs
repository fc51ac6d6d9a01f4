//! What the native protocol values the analysis found mean: which end of a connection a value
//! is for, which of its bits are deprecated or modern, and which values each operand reaches.
//! An operand written once (in a local's initialiser, a `#define`, a constant) can feed several
//! sinks: whatever is said or changed about it is said or changed about all of them.
//!
//! The bits are the Schannel `SP_PROT_*` layout, which WinHTTP's `WINHTTP_FLAG_SECURE_PROTOCOL_*`
//! flags and the registry's `DefaultSecureProtocols`/`SecureProtocols` share (client bits).

use std::collections::HashMap;

use crate::facts::{NativeApi, NativeOperand, NativeProtocolValue, OperandPlace, WriteOp};
use crate::protocol::describe_versions;

/// PCT 1.0, server and client: older than SSL 3.0 and named with the deprecated versions.
pub const PCT1: u32 = 0x3;
/// Every deprecated bit: PCT 1.0, SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1, server and client.
pub const LEGACY: u32 = 0x3FF;
/// The server bits: the lower bit of each version's pair, PCT 1.0 to DTLS 1.2, and
/// `SP_PROT_UNI_SERVER`.
const SERVER_BITS: u32 = 0x4005_5555;
pub const TLS12_CLIENT: u32 = 0x800;
pub const TLS13_CLIENT: u32 = 0x2000;
pub const TLS12_SERVER: u32 = 0x400;
pub const TLS13_SERVER: u32 = 0x1000;

/// Which end of a connection a Schannel value is for (WinHTTP values are a client's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Client,
    Server,
}

impl Side {
    /// A value is a server's when everything it names is a server bit.
    pub fn of(value: &NativeProtocolValue) -> Side {
        let named = value.operands.iter().fold(0, |bits, o| bits | o.bits);
        if value.api != NativeApi::WinHttpSecureProtocols && named != 0 && named & !SERVER_BITS == 0
        {
            Side::Server
        } else {
            Side::Client
        }
    }

    /// The TLS 1.2 bit of this side.
    pub fn tls12(self) -> u32 {
        match self {
            Side::Client => TLS12_CLIENT,
            Side::Server => TLS12_SERVER,
        }
    }

    /// The TLS 1.3 bit of this side.
    pub fn tls13(self) -> u32 {
        match self {
            Side::Client => TLS13_CLIENT,
            Side::Server => TLS13_SERVER,
        }
    }

    /// The bits of the versions a server that retired TLS 1.0/1.1 still speaks.
    pub fn modern(self) -> u32 {
        self.tls12() | self.tls13()
    }

    /// `client` or `server`, as the SDK's names end (in capitals).
    pub fn name(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

/// The versions `bits` name, for messages: "SSL 3.0 and TLS 1.0", with PCT 1.0 first.
pub fn versions(bits: u32) -> String {
    let described = describe_versions(bits & !PCT1);
    if bits & PCT1 == 0 {
        described
    } else if bits & !PCT1 & 0x3FFF == 0 {
        "PCT 1.0".to_owned()
    } else {
        format!("PCT 1.0, {described}")
    }
}

/// Whether a value is WinHTTP's: at a WinHTTP sink, or, away from any sink, written with
/// WinHTTP's names.
pub fn is_winhttp(value: &NativeProtocolValue, operand: &NativeOperand) -> bool {
    match value.api {
        NativeApi::WinHttpSecureProtocols => true,
        NativeApi::Written => operand.text.contains("WINHTTP_"),
        _ => false,
    }
}

/// Whether an operand holds nothing but deprecated versions (it can go as a whole).
pub fn only_legacy(operand: &NativeOperand) -> bool {
    operand.bits & LEGACY != 0 && operand.bits & !LEGACY == 0
}

/// The deprecated versions `operand` enables in `value`: its legacy bits that the value can
/// still hold where it is used (a later `& ~…` may have removed some).
pub fn legacy_bits(value: &NativeProtocolValue, operand: &NativeOperand) -> u32 {
    operand.bits & LEGACY & value.bits.possible
}

/// Whether nothing TLS 1.2+ can be in a value a sink sets. An `|=` adds to a value that is not
/// seen, and a value written away from its sink may yet be combined with more there: neither
/// is known to lack anything.
pub fn lacks_modern(value: &NativeProtocolValue) -> bool {
    value.op == WriteOp::Set
        && value.api != NativeApi::Written
        && value.bits.possible & Side::of(value).modern() == 0
}

/// Whether another operand of `value` adds TLS 1.2 or 1.3 and nothing deprecated: the value
/// keeps a modern version when `operand` goes.
pub fn has_modern_sibling(value: &NativeProtocolValue, operand: &NativeOperand) -> bool {
    let modern = Side::of(value).modern();
    value
        .operands
        .iter()
        .any(|o| o.span != operand.span && o.bits & LEGACY == 0 && o.bits & modern != 0)
}

/// Which values each operand reaches, by the operand's span.
pub struct Reach<'a> {
    values: &'a [NativeProtocolValue],
    by_operand: HashMap<(usize, usize), Vec<usize>>,
}

impl<'a> Reach<'a> {
    /// Indexes the operands of a file's values.
    pub fn new(values: &'a [NativeProtocolValue]) -> Self {
        let mut by_operand: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (i, value) in values.iter().enumerate() {
            for operand in &value.operands {
                by_operand
                    .entry((operand.span.start, operand.span.end))
                    .or_default()
                    .push(i);
            }
        }
        Reach { values, by_operand }
    }

    /// The values `operand` reaches.
    pub fn reached(
        &self,
        operand: &NativeOperand,
    ) -> impl Iterator<Item = &'a NativeProtocolValue> {
        let values = self.values;
        self.by_operand
            .get(&(operand.span.start, operand.span.end))
            .into_iter()
            .flatten()
            .filter_map(move |&i| values.get(i))
    }

    /// Whether changing `operand` where it is written changes nothing but sinks of `api` that
    /// were analysed here: it is not in recovered code or a shared definition, and none of the
    /// values it reaches was recovered token by token.
    pub fn only_feeds(&self, operand: &NativeOperand, api: NativeApi) -> bool {
        matches!(
            operand.place,
            OperandPlace::Local { .. } | OperandPlace::Definition { .. }
        ) && self.reached(operand).all(|v| !v.recovered && v.api == api)
    }

    /// Whether every sink `operand` reaches keeps TLS 1.2 or 1.3 without the operand's
    /// deprecated bits (an `|=` only adds, so dropping from it never takes a modern version
    /// away).
    pub fn modern_without_legacy(&self, operand: &NativeOperand) -> bool {
        self.reached(operand)
            .all(|v| v.op == WriteOp::Add || v.bits.set & Side::of(v).modern() != 0)
    }

    /// Whether `operand`'s expression alone makes up every value it reaches, each known and
    /// without TLS 1.2 or 1.3: replacing the expression decides every one of them.
    pub fn sole_legacy_source(&self, operand: &NativeOperand) -> bool {
        let expression = &operand.expression;
        self.reached(operand).all(|v| {
            v.op == WriteOp::Set
                && v.bits.is_known()
                && v.bits == operand.expression_bits
                && v.bits.set & Side::of(v).modern() == 0
                && v.operands.iter().all(|o| o.expression == *expression)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::cpp::analyze;

    fn values(body: &str) -> Vec<NativeProtocolValue> {
        let text = format!("void f(HINTERNET h, SCHANNEL_CRED *c)\n{{\n{body}\n}}\n");
        analyze(&text).expect("parses").native
    }

    #[test]
    fn a_value_is_a_servers_when_it_names_only_server_bits() {
        let server =
            values("    c->grbitEnabledProtocols = SP_PROT_TLS1_SERVER | SP_PROT_TLS1_2_SERVER;");
        assert_eq!(Side::of(&server[0]), Side::Server);
        assert_eq!(Side::of(&server[0]).modern(), 0x1400);
        for client in [
            "    c->grbitEnabledProtocols = SP_PROT_TLS1_SERVER | SP_PROT_TLS1_2_CLIENT;",
            "    c->grbitEnabledProtocols = 0;",
            // WinHTTP has client bits only, whatever they are written with.
            "    DWORD p = 0x40;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);",
        ] {
            let found = values(client);
            assert_eq!(Side::of(&found[0]), Side::Client, "{client}");
        }
    }

    #[test]
    fn versions_name_pct_before_the_rest() {
        assert_eq!(versions(0xA0), "SSL 3.0 and TLS 1.0");
        assert_eq!(versions(0x2), "PCT 1.0");
        assert_eq!(versions(0x82), "PCT 1.0, TLS 1.0");
    }

    #[test]
    fn modern_siblings_and_missing_modern_versions() {
        let found = values(
            "    c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT | SP_PROT_TLS1_2_CLIENT;\n    c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT | SP_PROT_TLS1_X_CLIENT;\n    c->grbitEnabledProtocols |= SP_PROT_TLS1_CLIENT;",
        );
        let [with, combined, added] = &found[..] else {
            panic!("three sinks: {found:?}");
        };
        assert!(has_modern_sibling(with, &with.operands[0]));
        assert!(!lacks_modern(with));
        // A combined name holds legacy bits too: it is no modern sibling.
        assert!(!has_modern_sibling(combined, &combined.operands[0]));
        assert!(!has_modern_sibling(added, &added.operands[0]));
        assert!(!lacks_modern(added), "`|=` adds to a value not seen");
        let without = values("    c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT;");
        assert!(lacks_modern(&without[0]));
        assert_eq!(legacy_bits(&without[0], &without[0].operands[0]), 0x80);
    }

    #[test]
    fn an_operand_reaches_every_sink_it_feeds() {
        let found = values(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);\n    p &= ~WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);",
        );
        let reach = Reach::new(&found);
        let tls1 = &found[0].operands[0];
        assert_eq!(reach.reached(tls1).count(), 2);
        assert!(reach.only_feeds(tls1, NativeApi::WinHttpSecureProtocols));
        assert!(!reach.only_feeds(tls1, NativeApi::SchannelEnabledProtocols));
        // The second sink has no TLS 1.2 left.
        assert!(!reach.modern_without_legacy(tls1));
        assert!(!reach.sole_legacy_source(tls1));
        let alone = values(
            "    DWORD p = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1;\n    WinHttpSetOption(h, WINHTTP_OPTION_SECURE_PROTOCOLS, &p, 4);",
        );
        let reach = Reach::new(&alone);
        assert!(reach.sole_legacy_source(&alone[0].operands[0]));
    }
}
