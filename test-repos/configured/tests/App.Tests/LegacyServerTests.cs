using System.Net;
using System.Security.Authentication;

namespace App.Tests
{
    public class LegacyServerTests
    {
        public void ConnectsToLegacyServer(System.Net.Security.SslStream stream)
        {
            // TLS001 is ignored under tests/ by tlslint.toml; TLS002 is not.
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;
            var protocols = SslProtocols.Tls11;
            stream.AuthenticateAsClient("legacy.example", null, protocols, false);
        }
    }
}
