//! From the syntax tree to facts: which protocol values are written where, and which AppContext
//! switches are set (DESIGN.md §2).
//!
//! The walk is top-down: a statement decides the role of each value it holds (assigned, passed,
//! returned, initialised: written; compared, tested, masked, matched, concatenated: read), and
//! that role passes unchanged through the expressions that hand a value on (`Or`, parentheses,
//! conversions, both branches of `If(c, a, b)`). Every protocol operand met on the way is
//! recorded in the write it belongs to, exactly as the C# analyser does, so the rules and the
//! project model need not know which language a fact came from.
//!
//! VB converts integers to enums implicitly unless `Option Strict On` is in effect: there a
//! number written where a `SecurityProtocolType`/`SslProtocols` is expected
//! (`ServicePointManager.SecurityProtocol = 768`, `Dim p As SslProtocols = 192`, a `Function …
//! As SecurityProtocolType` returning 3072) is the enum value, and is reported where it is
//! written.

use super::eval::{Constants, Evaluator, KnownType, Names, Trace, Value, dotted};
use super::lexer::Token;
use super::syntax::{
    self, Arg, AssignOp, BinOp, Conversion, Expr, ExprKind, Init, LambdaBody, Parsed, Stmt,
    StmtKind, TypeRef,
};
use crate::facts::{
    FileFacts, Operand, ProtocolWrite, Sink, Span, SwitchOrigin, SwitchSetting, ValueSummary,
    WriteOp,
};
use crate::lang::calls::{self, Case};
use crate::protocol::{ProtocolEnum, is_protocol_set};

use std::collections::{HashMap, HashSet};

/// The role of the value being visited.
#[derive(Clone, Copy, Debug)]
enum Role {
    /// Compared, tested, masked, logged: never a finding.
    Read,
    /// Part of the value of `writes[index]`. `typed`: the enum the value converts to when it is
    /// a plain number (VB's implicit conversion).
    Write {
        index: usize,
        typed: Option<ProtocolEnum>,
    },
}

impl Role {
    /// The same role without the implicit conversion (inside `CType(…)` the number is not yet
    /// an enum value).
    fn untyped(self) -> Role {
        match self {
            Role::Write { index, .. } => Role::Write { index, typed: None },
            Role::Read => Role::Read,
        }
    }

    fn typed(self) -> Option<ProtocolEnum> {
        match self {
            Role::Write { typed, .. } => typed,
            Role::Read => None,
        }
    }
}

/// Where the walk is: the statement, the type and the method it is written in.
#[derive(Clone, Copy)]
struct Place<'p> {
    statement: &'p Span,
    owner: Option<usize>,
    frame: Option<usize>,
}

/// A name met in a value, with the role the value had there (see [`Labels`]).
struct NameUse {
    /// Lower-cased: VB names are case-insensitive.
    name: String,
    frame: Option<usize>,
    role: Role,
}

/// What is needed to tell labels from settings (the C# analyser's `flow` module explains the
/// idea): the local each write stores into, and every use of a name.
///
/// Only a `Dim` initializer inside a method is followed (`Dim expected = If(…, Tls11, Tls)`):
/// its uses are the name's uses in that method and in the lambdas inside it. An assignment
/// `x = …` is not followed: without the block structure, a field or an inherited member of the
/// same name cannot be told from the local.
#[derive(Default)]
struct Labels {
    /// Write index → (local name, method).
    carriers: HashMap<usize, (String, usize)>,
    uses: Vec<NameUse>,
    /// The byte extent of each method's statements.
    extents: HashMap<usize, (usize, usize)>,
    /// The method or lambda around each multi-line lambda: a lambda's statements follow the
    /// line that opens it, as a frame of their own.
    parents: HashMap<usize, usize>,
    /// Frames of multi-line lambdas opened and not yet met (the method they were opened in).
    pending: std::collections::VecDeque<usize>,
}

pub struct Analyzer<'a> {
    src: &'a str,
    toks: &'a [Token],
    parsed: &'a Parsed,
    names: &'a Names,
    eval: Evaluator<'a>,
    writes: Vec<ProtocolWrite>,
    switches: Vec<SwitchSetting>,
    labels: Labels,
}

/// How many locals one value may be followed through before it is called a write.
const MAX_CARRIERS: usize = 32;

impl Labels {
    /// The writes that store a legacy value into a local whose every use reads it.
    fn find(&self, writes: &[ProtocolWrite]) -> HashSet<usize> {
        // Each name's uses, gathered once: looking them up per write would cost writes × uses.
        let mut by_name: HashMap<&str, Vec<&NameUse>> = HashMap::new();
        for found in &self.uses {
            by_name.entry(found.name.as_str()).or_default().push(found);
        }
        let mut out = HashSet::new();
        for (index, write) in writes.iter().enumerate() {
            let legacy = write
                .operands
                .iter()
                .any(|o| o.written_here && o.legacy_bits() != 0);
            if write.sink != Sink::None || !legacy {
                continue;
            }
            let Some(carrier) = self.carriers.get(&index) else {
                continue;
            };
            let mut seen = HashSet::new();
            if self.only_read(carrier, writes, &by_name, &mut seen) {
                out.insert(index);
            }
        }
        out
    }

    /// Whether the frame `f` is `frame` or a lambda inside it: its parent chain leads there,
    /// or (a frame of unknown origin) it starts within `frame`'s statements.
    fn within(&self, f: usize, frame: usize, start: usize, end: usize) -> bool {
        let mut current = f;
        for _ in 0..=MAX_CARRIERS {
            if current == frame {
                return true;
            }
            match self.parents.get(&current) {
                Some(&parent) => current = parent,
                None => {
                    return self
                        .extents
                        .get(&current)
                        .is_some_and(|&(s, _)| s >= start && s < end);
                }
            }
        }
        true
    }

    /// Whether every use of the local `name` of `frame` reads it, or stores it into a local
    /// that is only read in turn.
    fn only_read(
        &self,
        (name, frame): &(String, usize),
        writes: &[ProtocolWrite],
        by_name: &HashMap<&str, Vec<&NameUse>>,
        seen: &mut HashSet<(String, usize)>,
    ) -> bool {
        if !seen.insert((name.clone(), *frame)) {
            return true;
        }
        if seen.len() > MAX_CARRIERS {
            return false;
        }
        let Some(&(start, end)) = self.extents.get(frame) else {
            return false;
        };
        for found in by_name.get(name.as_str()).into_iter().flatten() {
            // The method's own uses, and those of the lambdas inside it.
            let inside = found
                .frame
                .is_some_and(|f| self.within(f, *frame, start, end));
            if !inside {
                continue;
            }
            let Role::Write { index, .. } = found.role else {
                continue;
            };
            let Some(write) = writes.get(index) else {
                return false;
            };
            if write.sink != Sink::None {
                return false;
            }
            match self.carriers.get(&index) {
                Some(next) if self.only_read(next, writes, by_name, seen) => {}
                _ => return false,
            }
        }
        true
    }
}

/// Analyses a file's statements; `parsed` holds what the file declares (from a first pass of
/// [`syntax::parse_each`]) and its constant declarations.
pub fn facts(src: &str, toks: &[Token], parsed: &Parsed) -> FileFacts {
    let names = Names::new(&parsed.imports);
    let constants = Constants::new(parsed);
    let mut analyzer = Analyzer {
        src,
        toks,
        parsed,
        names: &names,
        eval: Evaluator {
            names: &names,
            constants: &constants,
            parsed,
        },
        writes: Vec::new(),
        switches: Vec::new(),
        labels: Labels::default(),
    };
    syntax::parse_each(src, toks, |stmts| analyzer.statements(&stmts));
    let labels = analyzer.labels.find(&analyzer.writes);
    let mut writes: Vec<ProtocolWrite> = analyzer
        .writes
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !labels.contains(i))
        .map(|(_, w)| w)
        .collect();
    // Values that hold no protocol operand matter only where they take effect (a sink).
    writes.retain(|w| w.sink != Sink::None || !w.operands.is_empty());
    writes.sort_by_key(|w| (w.value.start, w.value.end));
    FileFacts {
        writes,
        switches: analyzer.switches,
        ..FileFacts::default()
    }
}

impl<'a> Analyzer<'a> {
    fn statements(&mut self, stmts: &[Stmt]) {
        for stmt in stmts {
            self.statement(stmt);
        }
    }

    /// The enum that a number converts to in a declaration of type `ty` (`None` with
    /// `Option Strict On`, which forbids the conversion).
    fn conversion_target(&self, ty: Option<&TypeRef>) -> Option<ProtocolEnum> {
        if self.parsed.strict_on {
            return None;
        }
        self.names.protocol_type(ty?)
    }

    fn statement(&mut self, stmt: &Stmt) {
        let place = Place {
            statement: &stmt.span,
            owner: stmt.owner,
            frame: stmt.frame,
        };
        if let Some(frame) = stmt.frame {
            if !self.labels.extents.contains_key(&frame)
                && let Some(parent) = self.labels.pending.pop_front()
            {
                // The first statement of a new frame after a multi-line lambda was opened: the
                // lambda's body. (Should the lambda have no statement, the next method is taken
                // for it, which only adds uses.)
                self.labels.parents.insert(frame, parent);
            }
            let extent = self
                .labels
                .extents
                .entry(frame)
                .or_insert((stmt.span.start, stmt.span.end));
            extent.0 = extent.0.min(stmt.span.start);
            extent.1 = extent.1.max(stmt.span.end);
        }
        let frame = stmt.frame.and_then(|f| self.parsed.frames.get(f));
        match &stmt.kind {
            StmtKind::Assign { target, op, value } => {
                self.visit(target, Role::Read, place);
                let op = match op {
                    // `x = x Or Tls12` adds to what is there, like C#'s `|=`.
                    AssignOp::Set if or_chain_contains(value, target, self) => WriteOp::Add,
                    AssignOp::Set => WriteOp::Set,
                    AssignOp::Add | AssignOp::Other => WriteOp::Other,
                    // `&=` concatenates strings; `-=` subtracts (removes) a value.
                    AssignOp::Concat | AssignOp::Sub => {
                        self.visit(value, Role::Read, place);
                        return;
                    }
                };
                let sink = self.assignment_sink(target);
                let returns_here = frame.is_some_and(|f| {
                    f.name.as_deref().is_some_and(|name| {
                        matches!(&target.kind, ExprKind::Name(n) if n.eq_ignore_ascii_case(name))
                    })
                });
                let typed = match sink {
                    Sink::SecurityProtocol => Some(ProtocolEnum::SecurityProtocolType),
                    Sink::SslProtocolsProperty | Sink::AuthenticateArgument => {
                        Some(ProtocolEnum::SslProtocols)
                    }
                    Sink::None if returns_here => {
                        frame.and_then(|f| self.names.protocol_type(f.ty.as_ref()?))
                    }
                    Sink::None => None,
                }
                .filter(|_| !self.parsed.strict_on);
                self.write(value, op, sink, typed, Some(target), place);
            }
            StmtKind::Declare { items, constant } => {
                for item in items {
                    if let Some(value) = &item.value {
                        let typed = self.conversion_target(item.ty.as_ref());
                        let index = self.write(value, WriteOp::Set, Sink::None, typed, None, place);
                        if let (Some(frame), false) = (stmt.frame, *constant) {
                            self.labels
                                .carriers
                                .insert(index, (item.name.to_ascii_lowercase(), frame));
                        }
                    }
                }
            }
            StmtKind::Params(params) => {
                for param in params {
                    if let Some(default) = &param.default {
                        let typed = self.conversion_target(param.ty.as_ref());
                        self.write(default, WriteOp::Set, Sink::None, typed, None, place);
                    }
                }
            }
            StmtKind::Return(value) => {
                let typed = self.conversion_target(frame.and_then(|f| f.ty.as_ref()));
                self.write(value, WriteOp::Set, Sink::None, typed, None, place);
            }
            StmtKind::Read(exprs) => {
                for expr in exprs {
                    self.visit(expr, Role::Read, place);
                }
            }
        }
    }

    /// Records a written value and visits it; returns the write's index.
    fn write(
        &mut self,
        value: &Expr,
        op: WriteOp,
        sink: Sink,
        typed: Option<ProtocolEnum>,
        target: Option<&Expr>,
        place: Place,
    ) -> usize {
        let target = target.map(|t| self.normalized(t));
        let summary = self.summarize(value, target.as_deref(), typed, place.owner);
        self.writes.push(ProtocolWrite {
            statement: place.statement.clone(),
            value: value.span.clone(),
            op,
            sink,
            operands: Vec::new(),
            summary,
        });
        let index = self.writes.len() - 1;
        self.visit(value, Role::Write { index, typed }, place);
        index
    }

    /// The property an assignment's left side names.
    fn assignment_sink(&self, target: &Expr) -> Sink {
        let (receiver, name) = match &target.kind {
            ExprKind::Member { receiver, name } => (receiver.as_deref(), name.as_str()),
            ExprKind::Name(name) => (None, name.as_str()),
            _ => return Sink::None,
        };
        sink_by_name(name, || match (receiver, &target.kind) {
            (Some(receiver), _) => {
                self.names.resolve_expr(receiver) == Some(KnownType::ServicePointManager)
            }
            (None, ExprKind::Name(_)) => self.names.imports_members(KnownType::ServicePointManager),
            _ => false,
        })
    }

    /// Visits a value in a role: records the protocol operands it holds, and gives the values
    /// nested in it (arguments, initializers, lambda bodies) roles of their own.
    fn visit(&mut self, expr: &Expr, role: Role, place: Place) {
        if let ExprKind::Chain { ops, operands } = &expr.kind
            && ops.iter().all(|op| *op == BinOp::Add)
            && let Some(protocol) = role.typed()
        {
            self.sum(expr, operands, protocol, role, place);
            return;
        }
        if self.leaf(expr, role, place) {
            return;
        }
        match &expr.kind {
            ExprKind::Paren(inner) => self.visit(inner, role, place),
            ExprKind::Chain { ops, operands } => {
                // `Or` hands its operands on; every other operator reads them (`And` tests and
                // masks, comparisons, `&` concatenation, arithmetic).
                let passes = ops.iter().all(|op| *op == BinOp::Or);
                for operand in operands {
                    self.visit(operand, if passes { role } else { Role::Read }, place);
                }
            }
            ExprKind::Unary { operand, .. } => self.visit(operand, Role::Read, place),
            ExprKind::If { cond, branches } => {
                if let Some(cond) = cond {
                    self.visit(cond, Role::Read, place);
                }
                for branch in branches {
                    self.visit(branch, role, place);
                }
            }
            ExprKind::Convert { to, value } => {
                let inner = match to {
                    // `CStr(x)` turns the value into text.
                    Conversion::Text => Role::Read,
                    _ => role.untyped(),
                };
                self.visit(value, inner, place);
            }
            ExprKind::TypeOf(value) => self.visit(value, Role::Read, place),
            ExprKind::Member {
                receiver: Some(receiver),
                ..
            } => self.visit(receiver, Role::Read, place),
            ExprKind::Call { target, args } => self.call(expr, target, args, place),
            ExprKind::New {
                args,
                init,
                anonymous,
            } => {
                for arg in args {
                    if let Some(value) = &arg.value {
                        self.write(value, WriteOp::Set, Sink::None, None, None, place);
                    }
                }
                match init {
                    Init::None => {}
                    Init::Object(fields) => {
                        for field in fields {
                            let sink = if *anonymous {
                                Sink::None
                            } else {
                                sink_by_name(&field.name, || false)
                            };
                            let typed = match sink {
                                Sink::SslProtocolsProperty if !self.parsed.strict_on => {
                                    Some(ProtocolEnum::SslProtocols)
                                }
                                _ => None,
                            };
                            self.write(&field.value, WriteOp::Set, sink, typed, None, place);
                        }
                    }
                    Init::Collection(elements) => {
                        for element in elements {
                            self.write(element, WriteOp::Set, Sink::None, None, None, place);
                        }
                    }
                }
            }
            ExprKind::Array(elements) => {
                for element in elements {
                    self.write(element, WriteOp::Set, Sink::None, None, None, place);
                }
            }
            ExprKind::Lambda(body) => match body.as_ref() {
                LambdaBody::Expr(value) => {
                    self.write(value, WriteOp::Set, Sink::None, None, None, place);
                }
                LambdaBody::Stmts(stmts) => self.statements(stmts),
                LambdaBody::Block => {
                    if let Some(frame) = place.frame {
                        self.labels.pending.push_back(frame);
                    }
                }
            },
            ExprKind::Interpolated(holes) | ExprKind::Reads(holes) => {
                for hole in holes {
                    self.visit(hole, Role::Read, place);
                }
            }
            ExprKind::Name(name) => self.labels.uses.push(NameUse {
                name: name.to_ascii_lowercase(),
                frame: place.frame,
                role,
            }),
            ExprKind::Int(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::Literal
            | ExprKind::Member { receiver: None, .. }
            | ExprKind::GetType(_)
            | ExprKind::Unknown => {}
        }
    }

    /// `a + b + c` where the enum is expected (without `Option Strict On`, VB converts the sum
    /// back to the enum). Terms with disjoint bits are a union: each is an operand, as in an
    /// `Or` chain. Terms that share bits (`Tls12 + Tls12` is 6144) make another number: the
    /// sum is one operand. A term that is no protocol set makes it other arithmetic (read); an
    /// unknown term keeps the operands, but the sum may overlap. Either way no fix may remove
    /// a term unless the bits are known to be disjoint.
    fn sum(
        &mut self,
        expr: &Expr,
        operands: &[Expr],
        protocol: ProtocolEnum,
        role: Role,
        place: Place,
    ) {
        let mut known = true;
        let mut union = 0u64;
        let mut total = 0u64;
        let mut disjoint = true;
        for operand in operands {
            let bits = match self.eval.eval(operand, place.owner, &mut Trace::default()) {
                Value::Protocol(_, bits) => bits,
                Value::Int(n) if n >= 0 => n as u64,
                Value::Unknown => {
                    known = false;
                    continue;
                }
                _ => u64::MAX,
            };
            if !is_protocol_set(bits) {
                for operand in operands {
                    self.visit(operand, Role::Read, place);
                }
                return;
            }
            disjoint &= union & bits == 0;
            union |= bits;
            total = total.saturating_add(bits);
        }
        if !(known && disjoint)
            && let Role::Write { index, .. } = role
            && let Some(write) = self.writes.get_mut(index)
        {
            write.summary.overlapping_sum = true;
        }
        if known && !disjoint {
            self.record(expr, role, protocol, total, true);
            for operand in operands {
                self.visit(operand, Role::Read, place);
            }
            return;
        }
        for operand in operands {
            self.visit(operand, role, place);
        }
    }

    /// Records `expr` if it is a protocol operand; returns true when its parts need no visit.
    fn leaf(&mut self, expr: &Expr, role: Role, place: Place) -> bool {
        match &expr.kind {
            ExprKind::Member {
                receiver: Some(receiver),
                name,
            } => {
                if let Some(KnownType::Protocol(protocol)) = self.names.resolve_expr(receiver) {
                    if let Some((_, bits)) = protocol.member_value_ignore_case(name) {
                        self.record(expr, role, protocol, u64::from(bits), true);
                    }
                    return true;
                }
                // A constant of a type of this file, or a polyfill constant declared elsewhere:
                // reported where it is declared.
                if dotted(receiver).is_some()
                    && let Value::Protocol(protocol, bits) =
                        self.eval.eval(expr, place.owner, &mut Trace::default())
                {
                    self.record(expr, role, protocol, bits, false);
                    return true;
                }
            }
            ExprKind::Name(name) => {
                let mut trace = Trace::default();
                if let Value::Protocol(protocol, bits) =
                    self.eval.eval(expr, place.owner, &mut trace)
                {
                    // A member of an imported enum is written here; a constant is reported at
                    // its declaration.
                    let written_here = self.eval.imported_member(name).is_some();
                    self.record(expr, role, protocol, bits, written_here);
                    return true;
                }
            }
            ExprKind::Convert {
                to: Conversion::Type(ty),
                value,
            } => {
                if let Some(protocol) = self.names.protocol_type(ty) {
                    self.conversion(expr, protocol, value, role, place);
                }
            }
            ExprKind::Call { target, args } => {
                if let Some((ty, value)) = self.eval.enum_to_object(target, args) {
                    if let Some(protocol) = self.names.protocol_type(ty) {
                        self.conversion(expr, protocol, value, role, place);
                    }
                    self.visit(value, role.untyped(), place);
                    return true;
                }
            }
            _ => {}
        }
        // A number where the enum is expected (`SecurityProtocol = 768`, `Return 3072`).
        if let Some(protocol) = role.typed()
            && !passes_value_on(expr)
        {
            let mut trace = Trace::default();
            if let Value::Int(n) = self.eval.eval(expr, place.owner, &mut trace)
                && !trace.protocol_symbol
                && let Ok(bits) = u64::try_from(n)
            {
                self.record(expr, role, protocol, bits, true);
                return true;
            }
        }
        false
    }

    /// `CType(value, T)`, `[Enum].ToObject(GetType(T), value)`: an operand when the value is a
    /// number. A conversion of another protocol value is reported at that value.
    fn conversion(
        &mut self,
        expr: &Expr,
        protocol: ProtocolEnum,
        value: &Expr,
        role: Role,
        place: Place,
    ) {
        let mut trace = Trace::default();
        let result = self.eval.eval(value, place.owner, &mut trace);
        if trace.protocol_symbol {
            return;
        }
        if let Value::Int(n) = result
            && let Ok(bits) = u64::try_from(n)
        {
            self.record(expr, role, protocol, bits, true);
        }
    }

    fn record(&mut self, expr: &Expr, role: Role, protocol: ProtocolEnum, bits: u64, here: bool) {
        let Role::Write { index, .. } = role else {
            return;
        };
        if !is_protocol_set(bits) {
            return;
        }
        let text = self.text(expr);
        if let Some(write) = self.writes.get_mut(index) {
            write.operands.push(Operand {
                span: expr.span.clone(),
                protocol,
                bits: bits as u32,
                text,
                written_here: here,
            });
        }
    }

    /// A call: `AppContext.SetSwitch`, and the roles of its arguments.
    fn call(&mut self, call: &Expr, target: &Expr, args: &[Arg], place: Place) {
        if let Some(setting) = self.switch_setting(call, target, args, place) {
            self.switches.push(setting);
        }
        self.visit(target, Role::Read, place);
        let (receiver, method) = match &target.kind {
            ExprKind::Member { receiver, name } => (receiver.as_deref(), name.as_str()),
            ExprKind::Name(name) => (None, name.as_str()),
            _ => (None, ""),
        };
        // A log call formats its arguments: they are read.
        let reads = calls::is_read_method(method, Case::Insensitive)
            || calls::is_logging_method(method, Case::Insensitive)
            || receiver
                .and_then(root_name)
                .is_some_and(|root| calls::is_assertion_receiver(root, Case::Insensitive));
        for (i, arg) in args.iter().enumerate() {
            let Some(value) = &arg.value else {
                continue;
            };
            if reads {
                self.visit(value, Role::Read, place);
                continue;
            }
            let sink = match calls::authenticate_sink(method, Case::Insensitive) {
                Some(sink) if is_protocol_argument(method, args, i) => sink,
                _ => Sink::None,
            };
            let typed = (sink == Sink::AuthenticateArgument && !self.parsed.strict_on)
                .then_some(ProtocolEnum::SslProtocols);
            self.write(value, WriteOp::Set, sink, typed, None, place);
        }
    }

    /// `AppContext.SetSwitch(name, value)`.
    fn switch_setting(
        &self,
        call: &Expr,
        target: &Expr,
        args: &[Arg],
        place: Place,
    ) -> Option<SwitchSetting> {
        let is_app_context = match &target.kind {
            ExprKind::Member {
                receiver: Some(receiver),
                name,
            } if name.eq_ignore_ascii_case("SetSwitch") => {
                self.names.resolve_expr(receiver) == Some(KnownType::AppContext)
            }
            ExprKind::Name(name) if name.eq_ignore_ascii_case("SetSwitch") => {
                self.names.imports_members(KnownType::AppContext)
            }
            _ => false,
        };
        if !is_app_context {
            return None;
        }
        let argument = |name: &str, position: usize| {
            args.iter()
                .find(|a| {
                    a.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
                .or_else(|| args.get(position).filter(|a| a.name.is_none()))
                .and_then(|a| a.value.as_ref())
        };
        let name = argument("switchName", 0).and_then(|e| {
            match self.eval.eval(e, place.owner, &mut Trace::default()) {
                Value::Str(s) => Some(s),
                _ => None,
            }
        });
        let value_expr = argument("isEnabled", 1);
        let value =
            value_expr.and_then(
                |e| match self.eval.eval(e, place.owner, &mut Trace::default()) {
                    Value::Bool(b) => Some(b),
                    _ => None,
                },
            );
        Some(SwitchSetting {
            span: call.span.clone(),
            name,
            value,
            // Only a literal can be flipped in place; a constant is changed where declared.
            value_span: value_expr
                .filter(|e| matches!(e.kind, ExprKind::Bool(_)))
                .map(|e| e.span.clone()),
            origin: SwitchOrigin::Code,
        })
    }

    /// What a written value can evaluate to (C#'s summary, with VB's implicit conversion).
    fn summarize(
        &self,
        value: &Expr,
        target: Option<&str>,
        typed: Option<ProtocolEnum>,
        owner: Option<usize>,
    ) -> ValueSummary {
        let mut summary = ValueSummary::default();
        self.summarize_into(value, target, typed, owner, &mut summary, 0);
        summary
    }

    fn summarize_into(
        &self,
        expr: &Expr,
        target: Option<&str>,
        typed: Option<ProtocolEnum>,
        owner: Option<usize>,
        out: &mut ValueSummary,
        depth: u32,
    ) {
        if target.is_some_and(|t| self.normalized(expr) == t) {
            out.self_ref = true;
            return;
        }
        if depth < super::syntax::MAX_DEPTH {
            match &expr.kind {
                ExprKind::Paren(inner) => {
                    return self.summarize_into(inner, target, typed, owner, out, depth + 1);
                }
                ExprKind::Chain { ops, operands } if ops.iter().all(|op| *op == BinOp::Or) => {
                    for operand in operands {
                        self.summarize_into(operand, target, typed, owner, out, depth + 1);
                    }
                    return;
                }
                ExprKind::If {
                    cond: Some(_),
                    branches,
                } => {
                    for branch in branches {
                        self.summarize_into(branch, target, typed, owner, out, depth + 1);
                    }
                    return;
                }
                _ => {}
            }
        }
        match self.eval.eval(expr, owner, &mut Trace::default()) {
            Value::Protocol(_, bits) if is_protocol_set(bits) => out.bits |= bits as u32,
            // 0 is SystemDefault / None.
            Value::Int(0) => {}
            // Without Option Strict, a number where the enum is expected is that enum value.
            Value::Int(n) if typed.is_some() && u64::try_from(n).is_ok_and(is_protocol_set) => {
                out.bits |= n as u32;
            }
            _ => out.unknown = true,
        }
    }

    /// The expression's tokens, with one space where the source has a gap (whitespace, a line
    /// continuation or a comment).
    fn text(&self, expr: &Expr) -> String {
        let mut out = String::new();
        let mut previous_end: Option<usize> = None;
        for token in self.toks.get(expr.toks.clone()).unwrap_or(&[]) {
            if previous_end.is_some_and(|end| end < token.span.start) {
                out.push(' ');
            }
            out.push_str(self.src.get(token.span.clone()).unwrap_or(""));
            previous_end = Some(token.span.end);
        }
        out
    }

    /// The expression without whitespace, lower-cased: VB names are case-insensitive, so
    /// `securityProtocol` and `SecurityProtocol` are the same target.
    fn normalized(&self, expr: &Expr) -> String {
        let mut out = String::new();
        for token in self.toks.get(expr.toks.clone()).unwrap_or(&[]) {
            out.push_str(self.src.get(token.span.clone()).unwrap_or(""));
        }
        out.to_ascii_lowercase()
    }
}

/// Expressions that hand their value on unchanged: they are not operands themselves.
fn passes_value_on(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Paren(_) | ExprKind::If { .. } => true,
        ExprKind::Chain { ops, .. } => ops.iter().all(|op| *op == BinOp::Or),
        _ => false,
    }
}

/// The sink a property name stands for; `is_service_point_manager` decides `SecurityProtocol`.
fn sink_by_name(name: &str, is_service_point_manager: impl FnOnce() -> bool) -> Sink {
    if name.eq_ignore_ascii_case("SecurityProtocol") {
        if is_service_point_manager() {
            Sink::SecurityProtocol
        } else {
            Sink::None
        }
    } else if name.eq_ignore_ascii_case("SslProtocols")
        || name.eq_ignore_ascii_case("EnabledSslProtocols")
    {
        Sink::SslProtocolsProperty
    } else {
        Sink::None
    }
}

/// Whether argument `i` is the `SslProtocols` parameter of an `AuthenticateAs*` call: named
/// `enabledSslProtocols:=`, or the third of the overloads that take one.
fn is_protocol_argument(method: &str, args: &[Arg], i: usize) -> bool {
    match args.get(i).and_then(|a| a.name.as_deref()) {
        Some(name) => name.eq_ignore_ascii_case(calls::PROTOCOL_PARAMETER),
        None => {
            i == 2 && args.len() == calls::authenticate_argument_count(method, Case::Insensitive)
        }
    }
}

/// The first name of a receiver chain (`Assert` in `Assert.That(…).Is`).
fn root_name(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Name(name) => Some(name),
        ExprKind::Member {
            receiver: Some(receiver),
            ..
        } => root_name(receiver),
        ExprKind::Call { target, .. } => root_name(target),
        _ => None,
    }
}

/// Whether `value` is an `Or` chain with an operand written like `target` (`x = x Or Tls12`).
fn or_chain_contains(value: &Expr, target: &Expr, analyzer: &Analyzer) -> bool {
    let target = analyzer.normalized(target);
    let mut operands = Vec::new();
    or_operands(value, &mut operands, 0);
    operands.len() > 1 && operands.iter().any(|o| analyzer.normalized(o) == target)
}

/// The operands of an `Or` chain, looking through parentheses.
fn or_operands<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>, depth: u32) {
    if depth >= super::syntax::MAX_DEPTH {
        out.push(expr);
        return;
    }
    match &expr.kind {
        ExprKind::Paren(inner) => or_operands(inner, out, depth + 1),
        ExprKind::Chain { ops, operands } if ops.iter().all(|op| *op == BinOp::Or) => {
            for operand in operands {
                or_operands(operand, out, depth + 1);
            }
        }
        _ => out.push(expr),
    }
}
