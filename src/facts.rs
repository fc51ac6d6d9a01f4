//! What the language analysers learn about a file, in a form no rule has to parse again.
//!
//! Analysers (C# today) turn syntax into these facts; rules (`src/rules/`) turn facts and the
//! file's context (its effective target) into findings. Keeping the two apart lets every
//! language feed the same rules, and lets project-level rules use the same facts.

use std::ops::Range;
use std::sync::Arc;

use crate::offers::Offers;
use crate::protocol::{MODERN_BITS, ProtocolEnum, TLS10, TLS11, TLS12};

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

    /// Whether the value keeps what was enabled before: `x |= …`, `x = x | …`, and other
    /// compound assignments.
    pub fn keeps_prior(&self) -> bool {
        self.op != WriteOp::Set || self.summary.self_ref
    }

    /// The protocol set this write leaves at its sink. `prior` is what the sink held before,
    /// when the caller knows it (it matters only when [`Self::keeps_prior`]); otherwise the set
    /// has the `prior` member. A value of 0 (`SystemDefault`, `None`) is the OS default.
    pub fn offers(&self, prior: Option<Offers>) -> Offers {
        let s = &self.summary;
        let mut offers = Offers::versions(s.bits);
        offers.unknown = s.unknown || self.op == WriteOp::Other;
        if self.keeps_prior() {
            offers = offers.union(prior.unwrap_or(Offers {
                prior: true,
                ..Offers::default()
            }));
        } else if s.bits == 0 && !s.unknown {
            offers.system_default = true;
        }
        offers
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
    /// The value adds (`+`) operands that are not known to have disjoint bits (`Tls12 +
    /// Tls12`, `x + Tls11`): a sum is a union only for disjoint flags, so removing one operand
    /// is not known to remove just that version, and no fix may edit the operands.
    pub overlapping_sum: bool,
}

/// Where an AppContext switch is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwitchOrigin {
    /// `AppContext.SetSwitch(name, value)` in code.
    Code,
    /// `<runtime><AppContextSwitchOverrides value="name=value;…">` in a `*.config` file.
    /// ASP.NET ignores it in `web.config`.
    SwitchOverrides { in_web_config: bool },
    /// `<appSettings><add key="AppContext.SetSwitch:name" value="…">`, read by ASP.NET only.
    AppSettings { in_web_config: bool },
    /// `configProperties` in `runtimeconfig.json`/`runtimeconfig.template.json`.
    RuntimeConfig,
    /// `<RuntimeHostConfigurationOption Include="name" Value="…">` in an MSBuild file.
    MsBuildItem,
    /// A REG_SZ value under `HKLM\SOFTWARE\Microsoft\.NETFramework\AppContext` in a `.reg` file.
    Registry,
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
    /// Where the value is written as a literal (`true`, `$true`, `"true"`, `=true`), when a fix
    /// can flip it in place.
    pub value_span: Option<Span>,
    pub origin: SwitchOrigin,
}

/// What kind of target declaration a [`TargetDecl`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// `<TargetFrameworkVersion>v4.5</TargetFrameworkVersion>` (old-style projects).
    FrameworkVersion,
    /// One TFM of `<TargetFramework>` or `<TargetFrameworks>` (SDK-style projects).
    Moniker,
    /// `<httpRuntime targetFramework="4.5">` in `web.config`.
    HttpRuntime,
    /// `<supportedRuntime sku=".NETFramework,Version=v4.5">` in a `*.config`.
    SupportedRuntime,
}

/// A target framework written literally in a project or config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetDecl {
    pub kind: TargetKind,
    /// The value of this one target as written (`net45`, `v4.5`, `4.5`, a long TFM).
    pub value: String,
    /// Where the value is written.
    pub span: Span,
    /// The element or attribute that sets it.
    pub element: Span,
}

/// A property definition in an MSBuild file, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyDef {
    /// The property name, lower-cased (MSBuild names are case-insensitive).
    pub name: String,
    /// The raw text, entities decoded.
    pub value: String,
    /// Where the text is (for reporting values that come from it), if it is contiguous.
    pub value_span: Option<Span>,
    /// The property element.
    pub element: Span,
    /// The conditions that decide whether it applies, outermost first: its groups' and its own
    /// `Condition`, and the `<When>`s of a `<Choose>` around it. Empty when it always applies.
    pub conditions: Vec<Guard>,
}

impl PropertyDef {
    /// Whether a `Condition` (or a `<Choose>`) decides whether it applies.
    pub fn is_conditional(&self) -> bool {
        !self.conditions.is_empty()
    }
}

/// One condition on an MSBuild element, as written (evaluated by the project model).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guard {
    /// The `Condition` text, entities decoded: `'$(OS)' == 'Windows_NT'`.
    pub condition: String,
    /// The element applies when the condition is false: an earlier `<When>` of the same
    /// `<Choose>` (only the first `<When>` that holds applies), or the `<When>`s before an
    /// `<Otherwise>`.
    pub negated: bool,
}

/// An evaluation step of an MSBuild file: a property definition or an `<Import>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MsBuildStep {
    Property(PropertyDef),
    Import { project: String, conditional: bool },
}

/// What the project model needs from an MSBuild file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MsBuildFacts {
    /// `<Project Sdk="…">` (or `<Sdk Name="…">`): `Microsoft.NET.Sdk.Web`, `MSBuild.SDK.SystemWeb`.
    pub sdk: Option<String>,
    /// The `<Project>` start tag (where a project without any target is reported).
    pub project_tag: Option<Span>,
    /// Properties and imports in evaluation order.
    pub steps: Vec<MsBuildStep>,
    /// The items the project model reads: `Compile` (which files a project builds),
    /// `PackageReference` and `Reference` (test frameworks), in document order.
    pub items: Vec<ItemDef>,
}

/// An item of an `<ItemGroup>`, as written (nothing evaluated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDef {
    /// The element name, lower case: `compile`, `packagereference`, `reference`.
    pub kind: String,
    pub include: Option<String>,
    pub remove: Option<String>,
    /// `Update` (SDK style: metadata for items that already exist).
    pub update: Option<String>,
    /// The element or an ancestor has a `Condition` (or sits in a `<Choose>`).
    pub conditional: bool,
}

/// What the project model needs from a `*.config` file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigFacts {
    /// The file is named `web.config` (any case).
    pub web_config: bool,
    /// An XDT transform (`Web.Release.config`, `App.Debug.config`): never judged on its own.
    pub transform: bool,
    /// A library's own config (`Foo.dll.config`), which the runtime never reads.
    pub library: bool,
    /// The start tag of the application's `<system.web>`: at the top level or in an
    /// application-level `<location path=".">` (never one for a sub-path).
    pub system_web: Option<Span>,
    /// The `<httpRuntime>` start tag inside that `<system.web>`, and its `targetFramework` value.
    pub http_runtime: Option<(Span, Option<(String, Span)>)>,
    /// The `targetFramework` value of `<system.web><compilation>` (retargeted with `httpRuntime`).
    pub compilation_target: Option<Span>,
    /// An ASP.NET Core web.config (`<aspNetCore>` or the AspNetCoreModule handler).
    pub asp_net_core: bool,
}

/// A value in a `.reg` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryValue {
    /// The key path as written in the section header, without the brackets.
    pub key: String,
    /// The value name (`SchUseStrongCrypto`).
    pub name: String,
    pub data: RegistryData,
    /// The whole `"name"=data` line.
    pub span: Span,
    /// The data part.
    pub data_span: Span,
}

/// The data of a registry value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistryData {
    Dword(u32),
    String(String),
    /// The value is deleted (`"name"=-`).
    Delete,
    /// Any other type (`hex:`, `hex(b):`, …).
    Other,
}

/// A setting that does not do what its author thinks (TLS007), independent of the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ineffective {
    /// `<AppContextSwitchOverrides>` in a `web.config`: ASP.NET ignores it.
    SwitchOverridesInWebConfig {
        span: Span,
        switches: Vec<(String, bool)>,
    },
    /// `<add key="System.Net.ServicePointManager.SecurityProtocol">`: only patched 4.5.x read it.
    SecurityProtocolAppSetting { span: Span },
}

/// The native API a protocol value configures (domain.md §6.3, §6.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NativeApi {
    /// The value passed with `WINHTTP_OPTION_SECURE_PROTOCOLS` (option 84): the versions WinHTTP
    /// may use.
    WinHttpSecureProtocols,
    /// `SCHANNEL_CRED.grbitEnabledProtocols`: the versions Schannel may use (0: the system
    /// default).
    SchannelEnabledProtocols,
    /// `TLS_PARAMETERS.grbitDisabledProtocols` (`SCH_CREDENTIALS`): the versions Schannel must
    /// not use (0: the system policy).
    SchannelDisabledProtocols,
    /// A value that combines legacy WinHTTP/Schannel flag names where no sink is in sight (a
    /// return value, a struct member, an argument, a `#define`): those names select protocols
    /// and nothing else, so the value is a setting wherever it goes.
    Written,
}

/// What is known about the bits of a native protocol value (the Schannel `SP_PROT_*` layout,
/// which WinHTTP's `WINHTTP_FLAG_SECURE_PROTOCOL_*` client bits share).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NativeBits {
    /// Bits set whatever the parts that could not be evaluated hold.
    pub set: u32,
    /// Bits that may be set (`u32::MAX` when nothing is known).
    pub possible: u32,
}

impl NativeBits {
    pub const UNKNOWN: NativeBits = NativeBits {
        set: 0,
        possible: u32::MAX,
    };

    pub fn known(bits: u32) -> NativeBits {
        NativeBits {
            set: bits,
            possible: bits,
        }
    }

    /// Whether every bit is known.
    pub fn is_known(self) -> bool {
        self.set == self.possible
    }
}

/// One member of the `|` chain that makes up a native protocol value: a flag name, an integer,
/// or a compound expression such as `WINHTTP_FLAG_SECURE_PROTOCOL_ALL & ~WINHTTP_FLAG_SECURE_PROTOCOL_SSL2`.
/// Operands reached through a variable or a `#define` are located where they are written (the
/// initialiser, the assignment, the macro body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NativeOperand {
    pub span: Span,
    /// The operand as written, whitespace collapsed.
    pub text: String,
    /// Its bits (the Schannel layout); a flag name counts by its documented value, whatever a
    /// local `#define` says.
    pub bits: u32,
    /// The whole expression the operand belongs to: an initialiser, the right side of an
    /// assignment, an argument, a macro body.
    pub expression: Span,
    /// What that whole expression holds (an operand of `c ? A | B : C` is not all of it).
    pub expression_bits: NativeBits,
    /// The innermost `|` chain the operand is a member of, if any.
    pub chain: Option<NativeChain>,
    /// Where the operand is written, as far as a fix is concerned.
    pub place: OperandPlace,
}

impl NativeOperand {
    /// What to delete to drop the operand alone from its `|` chain: the operand, one
    /// neighbouring `|` and the blanks between them. `None` when the operand is the only member
    /// of its chain (then the whole expression has to be replaced), or when the deletion would
    /// touch a preprocessor line.
    pub fn removal(&self) -> Option<Span> {
        let chain = self.chain.as_ref()?;
        chain.cut(&[chain.index])?.into_iter().next()
    }
}

/// A `|` chain (`A | B | C`) as far as removing some of its members goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NativeChain {
    /// The members, in order, as written (a member may be a cast or a parenthesised group);
    /// shared by the operands of the chain.
    pub members: Arc<[Span]>,
    /// Which member the operand is (or is inside of: `(DWORD)NAME`).
    pub index: usize,
    /// Preprocessor lines between the first and the last member (other than the `#define` the
    /// chain is written in): no deletion may touch them.
    pub directives: Vec<Span>,
}

impl NativeChain {
    /// The whole chain, from the first member to the last.
    pub fn span(&self) -> Span {
        match (self.members.first(), self.members.last()) {
            (Some(first), Some(last)) => first.start..last.end,
            _ => 0..0,
        }
    }

    /// The deletions that drop the members at `indexes` and the separators that go with them,
    /// keeping the rest of the chain as it is formatted: a run of members after a kept one goes
    /// with the `|` before it, a run at the start with the `|` after it. `None` when every
    /// member would go (the chain has to be replaced as a whole), an index is out of range, or a
    /// deletion would touch a preprocessor line.
    pub fn cut(&self, indexes: &[usize]) -> Option<Vec<Span>> {
        let n = self.members.len();
        let mut remove = vec![false; n];
        for &i in indexes {
            *remove.get_mut(i)? = true;
        }
        if remove.iter().all(|&r| r) {
            return None;
        }
        let mut cuts = Vec::new();
        let mut i = 0;
        while i < n {
            if !remove[i] {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < n && remove[j + 1] {
                j += 1;
            }
            let cut = if i > 0 {
                self.members[i - 1].end..self.members[j].end
            } else {
                // Not every member goes, so a kept one follows the run.
                self.members[0].start..self.members[j + 1].start
            };
            if self
                .directives
                .iter()
                .any(|d| d.start < cut.end && cut.start < d.end)
            {
                return None;
            }
            cuts.push(cut);
            i = j + 1;
        }
        Some(cuts)
    }
}

/// Where a native operand is written, which decides whether a fix may edit it there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperandPlace {
    /// In code the parser could not make sense of (read token by token): never edited.
    Recovered,
    /// In the value at the sink, or in a write to a local variable: an edit changes nothing but
    /// the values that reach this function's sinks.
    Local {
        /// The statement that only ORs the operand's expression into the field or the variable
        /// (`cred.grbitEnabledProtocols |= …;`, `protocols |= …;`), standing alone in a block:
        /// deleting it drops exactly what the expression adds.
        deletable: Option<Span>,
    },
    /// In the body of a same-file `#define`, an enumerator or a file-scope constant whose every
    /// use in the file was followed into the sinks analysed here (and that no other file can
    /// see): editing the definition changes nothing else.
    Definition { name: String },
    /// In a definition that other code uses or may use (another use in the file, a header, a
    /// global with external linkage), or in a write to a variable this function does not own:
    /// never edited.
    Shared { name: String },
}

/// A protocol value that takes effect at a WinHTTP or Schannel sink.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NativeProtocolValue {
    pub api: NativeApi,
    /// The sink: the `WinHttpSetOption(…)` call, the field assignment or the initialiser entry.
    pub sink: Span,
    /// The statement, when the sink is one on its own in a block
    /// (`cred.grbitEnabledProtocols |= …;`, not the body of an `if` without braces), for deleting
    /// it.
    pub statement: Option<Span>,
    /// The value as written at the sink (`&protocols`, `SP_PROT_TLS1_CLIENT | …`, `enabled`).
    pub value: Span,
    /// `=`, an initialiser or an argument (`Set`), or `|=` (`Add`).
    pub op: WriteOp,
    /// The members that make up the value, wherever they are written, in source order.
    pub operands: Vec<NativeOperand>,
    /// What the value holds when it reaches the sink.
    pub bits: NativeBits,
    /// The sink was found token by token, where the parse is damaged: no fix touches it.
    pub recovered: bool,
}

impl NativeProtocolValue {
    /// The protocol set the value leaves at its sink. Enabled protocols: the versions the value
    /// can hold (0 is the system default; `|=` keeps an unknown prior value). Disabled
    /// protocols: the Windows 8 - 10 client default, TLS 1.0 - 1.2, without what the value
    /// disables (TLS 1.3 is a client default only from Windows 11 / Server 2022).
    pub fn offers(&self) -> Offers {
        let bits = self.bits;
        let known_part = if bits.possible == u32::MAX {
            bits.set
        } else {
            bits.possible
        };
        match self.api {
            // Parts not known can only disable more: they add nothing.
            NativeApi::SchannelDisabledProtocols => {
                Offers::versions(TLS10 | TLS11 | TLS12).without(bits.set)
            }
            NativeApi::WinHttpSecureProtocols
            | NativeApi::SchannelEnabledProtocols
            | NativeApi::Written => {
                let mut offers = Offers::versions(known_part);
                offers.unknown = bits.possible == u32::MAX;
                if self.op != WriteOp::Set {
                    offers.prior = true;
                } else if bits.possible == 0 {
                    offers.system_default = true;
                }
                offers
            }
        }
    }
}

/// Everything the analysers learned about one file.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    pub writes: Vec<ProtocolWrite>,
    pub switches: Vec<SwitchSetting>,
    /// Literal target frameworks (MSBuild target properties, `httpRuntime`, `supportedRuntime`).
    pub targets: Vec<TargetDecl>,
    /// MSBuild files: what the project model evaluates.
    pub msbuild: Option<MsBuildFacts>,
    /// `*.config` files: what the project model needs.
    pub config: Option<ConfigFacts>,
    pub registry: Vec<RegistryValue>,
    pub ineffective: Vec<Ineffective>,
    /// C/C++: protocol values passed to WinHTTP and Schannel.
    pub native: Vec<NativeProtocolValue>,
    /// Syntax the parser could not make sense of that was analysed token by token instead.
    pub recovered_regions: usize,
    /// Values of [`FileFacts::writes`] that were recovered token by token: their extent is not
    /// known, so no fix rewrites them.
    pub recovered_writes: Vec<Span>,
    /// C#: the branch bodies of each conditional directive group (`#if` … `#endif`), when
    /// its branches were read apart. Two values in different branches of one group are never
    /// compiled together.
    pub directive_groups: Vec<Vec<Span>>,
    /// Values of [`FileFacts::writes`] read from one `#if` branch whose statement reaches over
    /// another branch or a directive line: the value is whole and may be edited, but the
    /// statement is not one piece of code in the file, so no fix edits or reads it.
    pub split_statements: Vec<Span>,
    /// Values of [`FileFacts::writes`] assigned in a `catch` clause (C#, VB.NET `Catch`,
    /// PowerShell `catch` or `trap`): a fallback that runs when the `try` failed (often because
    /// the runtime rejected the value the `try` assigned).
    pub in_catch: Vec<Span>,
}

impl FileFacts {
    /// Whether a write was recovered from damaged syntax (no fix may touch it).
    pub fn is_recovered(&self, write: &ProtocolWrite) -> bool {
        self.recovered_writes.contains(&write.value)
    }

    /// Whether a fix may edit a write: not recovered from damaged syntax, not a sum whose
    /// operands may overlap, and not a fallback in a `catch` clause (what the runtime there
    /// accepts is the author's call: the `try` failed).
    pub fn fixable(&self, write: &ProtocolWrite) -> bool {
        !self.is_recovered(write) && !write.summary.overlapping_sum && !self.in_catch(write)
    }

    /// Whether a fix may edit or read `write`'s statement beyond its value (delete an `|=`,
    /// quote the assignment's target): the statement is one piece of code in the file.
    pub fn statement_editable(&self, write: &ProtocolWrite) -> bool {
        !self.split_statements.contains(&write.value)
    }

    /// Whether `write` is assigned in a `catch` clause ([`FileFacts::in_catch`]).
    pub fn in_catch(&self, write: &ProtocolWrite) -> bool {
        self.in_catch.contains(&write.value)
    }

    /// Whether `a` and `b` lie in different branches of one conditional directive group: no
    /// build compiles both.
    pub fn exclusive(&self, a: &Span, b: &Span) -> bool {
        let inside =
            |span: &Span, branch: &Span| branch.start <= span.start && span.end <= branch.end;
        self.directive_groups.iter().any(|group| {
            let ia = group.iter().position(|branch| inside(a, branch));
            let ib = group.iter().position(|branch| inside(b, branch));
            matches!((ia, ib), (Some(x), Some(y)) if x != y)
        })
    }
}

impl FileFacts {
    /// Whether there is anything for the rules or the project model.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
            && self.switches.is_empty()
            && self.targets.is_empty()
            && self.msbuild.is_none()
            && self.config.is_none()
            && self.registry.is_empty()
            && self.ineffective.is_empty()
            && self.native.is_empty()
    }
}
