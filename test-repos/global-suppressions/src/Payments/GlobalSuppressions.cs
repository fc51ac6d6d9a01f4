// This file is used by Code Analysis to maintain SuppressMessage
// attributes that are applied to this project.
// Project-level suppressions either have no target or are given
// a specific target and scoped to a namespace, type, member, etc.

using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Partner endpoint, INC-4411", Scope = "member", Target = "~M:Contoso.Payments.LegacyGateway.Connect(System.String)")]
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Every reconnect path is the partner's", Scope = "member", Target = "~M:Contoso.Payments.LegacyGateway.Reconnect")]
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Reviewed", Scope = "member", Target = "~M:Contoso.Payments.LegacyGateway.#ctor")]
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Reviewed", Scope = "member", Target = "~P:Contoso.Payments.LegacyGateway.Protocols")]
[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5364", Justification = "Reviewed", Scope = "member", Target = "~F:Contoso.Payments.LegacyGateway.Fallback")]
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Scanner firmware speaks TLS 1.0 only", Scope = "type", Target = "~T:Contoso.Payments.Scanner.Firmware")]
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Lab only", Scope = "namespaceanddescendants", Target = "~N:Contoso.Payments.Lab")]
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Voids replay old batches", Scope = "member", Target = "~M:Contoso.Billing.Journal.Void")]

// Near misses: none of these covers a finding.
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Wrong member", Scope = "member", Target = "~M:Contoso.Payments.LegacyGateway.Disconnect")]
// [assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Scope = "member", Target = "~M:Contoso.Payments.LegacyGateway.Send")]
[assembly: SuppressMessage("Security", "CA5397:Do not use deprecated SslProtocols values", Justification = "Another rule", Scope = "member", Target = "~M:Contoso.Payments.LegacyGateway.Upload")]
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "The namespace itself only", Scope = "namespace", Target = "~N:Contoso.Payments.Lab2")]
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Another namespace", Scope = "type", Target = "~T:Contoso.Payments.Ledger")]
[assembly: SuppressMessage("Security", "CA5364:Do Not Use Deprecated Security Protocols", Justification = "Assembly level")]
