//! Calls whose meaning does not depend on the language: methods that only inspect their
//! arguments (flag tests, equality, assertions) and `SslStream.AuthenticateAs*`, whose protocol
//! argument takes effect.
//!
//! C# compares these names exactly; VB.NET names are case-insensitive (`hasflag` is `HasFlag`),
//! so every lookup takes a [`Case`].

use crate::facts::Sink;

/// How names are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// C#: names are case-sensitive.
    Sensitive,
    /// VB.NET: names are case-insensitive.
    Insensitive,
}

impl Case {
    fn eq(self, a: &str, b: &str) -> bool {
        match self {
            Case::Sensitive => a == b,
            Case::Insensitive => a.eq_ignore_ascii_case(b),
        }
    }

    fn starts_with(self, name: &str, prefix: &str) -> bool {
        name.get(..prefix.len())
            .is_some_and(|head| self.eq(head, prefix))
    }

    fn ends_with(self, name: &str, suffix: &str) -> bool {
        name.len() >= suffix.len()
            && name
                .get(name.len() - suffix.len()..)
                .is_some_and(|tail| self.eq(tail, suffix))
    }
}

/// Methods whose arguments are read, never stored: flag tests, equality, assertions.
const READ_METHODS: [&str; 29] = [
    "HasFlag",
    "HasFlags",
    "Equals",
    "ReferenceEquals",
    "CompareTo",
    "Contains",
    // A dictionary key is looked up, not stored.
    "ContainsKey",
    "TryGetValue",
    // `nameof(SslProtocols.Tls)` is the text "Tls".
    "nameof",
    "IsDefined",
    "GetName",
    "ToString",
    "Be",
    "NotBe",
    "BeOneOf",
    "HaveFlag",
    "NotHaveFlag",
    "EqualTo",
    "IsEqualTo",
    "Equal",
    "NotEqual",
    "AreEqual",
    "AreNotEqual",
    "Assert",
    "That",
    "True",
    "False",
    "IsTrue",
    "IsFalse",
];

/// Calls that format or log their arguments: passing a value there reads it. Not `Append`,
/// `Concat` or `Join`, which are also LINQ's and store the value in a sequence.
const LOGGING_METHODS: [&str; 24] = [
    "Write",
    "WriteLine",
    "Format",
    "AppendLine",
    "AppendFormat",
    "Log",
    "LogTrace",
    "LogDebug",
    "LogInformation",
    "LogWarning",
    "LogError",
    "LogCritical",
    "Trace",
    "Debug",
    "Info",
    "Information",
    "Warn",
    "Warning",
    "Error",
    "Fatal",
    "Verbose",
    "TraceInformation",
    "TraceWarning",
    "TraceError",
];

/// Prefixes of read methods (`ShouldBe`, `AssertFlag`).
const READ_METHOD_PREFIXES: [&str; 2] = ["Should", "Assert"];

/// Receivers whose methods only inspect their arguments (`Assert.Equal(...)`, `Debug.Assert`).
const ASSERTION_RECEIVERS: [&str; 11] = [
    "Assert",
    "ClassicAssert",
    "CollectionAssert",
    "StringAssert",
    "Debug",
    "Trace",
    "Contract",
    "Is",
    "Has",
    "Does",
    "Check",
];

/// `SslStream.AuthenticateAs*`: the methods whose protocol argument is a sink.
pub const AUTHENTICATE_METHODS: [&str; 6] = [
    "AuthenticateAsClient",
    "AuthenticateAsClientAsync",
    "AuthenticateAsServer",
    "AuthenticateAsServerAsync",
    "BeginAuthenticateAsClient",
    "BeginAuthenticateAsServer",
];

/// The name of the `SslProtocols` parameter of the `AuthenticateAs*` methods.
pub const PROTOCOL_PARAMETER: &str = "enabledSslProtocols";

/// Whether `name` is a method that formats or logs its arguments (`Console.WriteLine`,
/// `logger.LogWarning`): a value passed there is read.
pub fn is_logging_method(name: &str, case: Case) -> bool {
    LOGGING_METHODS.iter().any(|m| case.eq(m, name))
}

/// Whether a method only reads its arguments.
pub fn is_read_method(name: &str, case: Case) -> bool {
    READ_METHODS.iter().any(|m| case.eq(m, name))
        || READ_METHOD_PREFIXES
            .iter()
            .any(|p| case.starts_with(name, p))
}

/// Whether a receiver's methods only inspect their arguments (`Assert`, `Debug`).
pub fn is_assertion_receiver(name: &str, case: Case) -> bool {
    ASSERTION_RECEIVERS.iter().any(|r| case.eq(r, name))
}

/// Attributes whose arguments are test data, not protocols in use: xUnit `InlineData`, MSTest
/// `DataRow`, NUnit `TestCase`/`Values`, BenchmarkDotNet `Arguments`/`Params`.
const TEST_DATA_ATTRIBUTES: [&str; 6] = [
    "InlineData",
    "DataRow",
    "TestCase",
    "Values",
    "Arguments",
    "Params",
];

/// Whether an attribute (as written: `InlineData`, `Xunit.InlineDataAttribute`,
/// `global::NUnit.Framework.TestCase`) holds test data.
pub fn is_test_data_attribute(name: &str, case: Case) -> bool {
    let last = name.rsplit(['.', ':']).next().unwrap_or(name).trim();
    let bare = if case.ends_with(last, "Attribute") {
        &last[..last.len() - "Attribute".len()]
    } else {
        last
    };
    TEST_DATA_ATTRIBUTES.iter().any(|a| case.eq(a, bare))
}

/// The sink of an `AuthenticateAs*` method's protocol argument.
pub fn authenticate_sink(method: &str, case: Case) -> Option<Sink> {
    AUTHENTICATE_METHODS
        .iter()
        .any(|m| case.eq(m, method))
        .then_some(Sink::AuthenticateArgument)
}

/// How many arguments the `AuthenticateAs*` overload with a protocol argument takes (it is
/// always the third): four, or six for the `Begin*` forms.
pub fn authenticate_argument_count(method: &str, case: Case) -> usize {
    if case.starts_with(method, "Begin") {
        6
    } else {
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_methods_by_case() {
        assert!(is_read_method("HasFlag", Case::Sensitive));
        assert!(!is_read_method("hasflag", Case::Sensitive));
        assert!(is_read_method("hasflag", Case::Insensitive));
        assert!(is_read_method("ShouldBe", Case::Sensitive));
        assert!(is_read_method("shouldbe", Case::Insensitive));
        assert!(!is_read_method("Configure", Case::Insensitive));
        assert!(!is_read_method("S", Case::Insensitive));
        assert!(is_assertion_receiver("debug", Case::Insensitive));
        assert!(!is_assertion_receiver("debug", Case::Sensitive));
    }

    #[test]
    fn authenticate_methods() {
        assert_eq!(
            authenticate_sink("authenticateasclient", Case::Insensitive),
            Some(Sink::AuthenticateArgument)
        );
        assert_eq!(
            authenticate_sink("authenticateasclient", Case::Sensitive),
            None
        );
        assert_eq!(
            authenticate_argument_count("BeginAuthenticateAsClient", Case::Sensitive),
            6
        );
        assert_eq!(
            authenticate_argument_count("AuthenticateAsServerAsync", Case::Sensitive),
            4
        );
    }
}
