using System;
using System.Collections.Generic;
using System.Security.Authentication;

namespace TlsParsing
{
    /// Reads the record and handshake versions of a ClientHello: protocols observed on the wire,
    /// never enabled. Nothing here is a finding.
    public sealed class ClientHelloParser
    {
        private SslProtocols _recordVersion;
        private readonly Dictionary<SslProtocols, int> _seen = new Dictionary<SslProtocols, int>();

        public bool IsLegacy => _recordVersion is SslProtocols.Ssl2 or SslProtocols.Ssl3 or SslProtocols.Tls;

        public string Describe()
        {
            return $"record version {_recordVersion}";
        }

        public void Parse(ReadOnlySpan<byte> frame)
        {
            if (frame[0] == 0x80)
            {
                // An SSL 2.0 compatible hello.
                _recordVersion = SslProtocols.Ssl2;
                return;
            }
            _recordVersion = MinorToProtocol(frame[2]);
            var handshake = frame.Length > 10 ? MinorToProtocol(frame[10]) : SslProtocols.None;
            if (_seen.ContainsKey(handshake))
            {
                _seen[handshake]++;
            }
            Console.WriteLine("handshake version {0}", handshake);
        }

        private static SslProtocols MinorToProtocol(byte minor) => minor switch
        {
            0 => SslProtocols.Ssl3,
            1 => SslProtocols.Tls,
            2 => SslProtocols.Tls11,
            3 => SslProtocols.Tls12,
            _ => SslProtocols.None,
        };
    }
}
