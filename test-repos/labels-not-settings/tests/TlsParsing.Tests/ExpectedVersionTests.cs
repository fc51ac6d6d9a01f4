using System;
using System.Configuration;
using System.Net.Security;
using System.Security.Authentication;
using Xunit;

namespace TlsParsing.Tests
{
    public class ExpectedVersionTests
    {
        // An expected value, compared and asserted: no finding.
        [Fact]
        public void RecordVersionIsDecoded()
        {
            var legacy = Environment.GetEnvironmentVariable("LEGACY") == "1";
            var expected = legacy ? SslProtocols.Tls11 : SslProtocols.Tls;
            var parser = new ClientHelloParser();
            parser.Parse(new byte[] { 0x16, 3, legacy ? (byte)2 : (byte)1 });
            Assert.Equal($"record version {expected}", parser.Describe());
            Assert.True(expected != SslProtocols.Tls12, nameof(SslProtocols.Tls11));
        }

        // Names, types and parsed configuration text are not protocols written here: no finding.
        [Fact]
        public void EnumHelpers()
        {
            var configured = ConfigurationManager.AppSettings["protocols"];
            var parsed = (SslProtocols)Enum.Parse(typeof(SslProtocols), configured);
            Assert.True(Enum.IsDefined(typeof(SslProtocols), parsed));
            foreach (SslProtocols value in Enum.GetValues(typeof(SslProtocols)))
            {
                Assert.NotEqual(nameof(SslProtocols.Ssl2), value.ToString());
            }
            Assert.Equal("Tls11", Enum.GetName(typeof(SslProtocols), SslProtocols.Tls11));
        }

        // The positive twin: the same expected value is used to connect. TLS002 twice.
        [Fact]
        public void ConnectsWithTheExpectedVersion()
        {
            var legacy = Environment.GetEnvironmentVariable("LEGACY") == "1";
            var expected = legacy ? SslProtocols.Tls11 : SslProtocols.Tls;
            using var stream = new SslStream(new System.IO.MemoryStream());
            stream.AuthenticateAsClient("legacy.example", null, expected, false);
            Assert.Equal(expected, stream.SslProtocol);
        }
    }
}
