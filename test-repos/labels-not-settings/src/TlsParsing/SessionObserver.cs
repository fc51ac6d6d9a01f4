using System;
using System.Security.Authentication;

namespace TlsParsing
{
    /// Maps the protocol name a session negotiated to the enum, and tells a callback whether it
    /// was a legacy one. Nothing here is a finding.
    public sealed class SessionObserver
    {
        private readonly Action<string, bool> _callback;

        public SessionObserver(Action<string, bool> callback) => _callback = callback;

        public void OnHandshake(string negotiated)
        {
            var protocol = FromName(negotiated);
            switch (protocol)
            {
                case SslProtocols.Tls12:
                    return;
            }
            _callback($"negotiated {protocol}", protocol.HasFlag(SslProtocols.Tls) || protocol == SslProtocols.Tls11);
        }

        static SslProtocols FromName(string name)
        {
            switch (name)
            {
                case "TLSv1":
                    return SslProtocols.Tls;
                case "TLSv1.1":
                    return SslProtocols.Tls11;
                case "TLSv1.2":
                    return SslProtocols.Tls12;
                default:
                    return SslProtocols.None;
            }
        }
    }
}
