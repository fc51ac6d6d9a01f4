using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;

namespace Relay
{
    public sealed class SecureChannel
    {
        // Kept for peers that cannot do TLS 1.2 yet.
        private static readonly SslProtocols FallbackProtocols = SslProtocols.Tls | SslProtocols.Tls11;

        public async Task<Stream> ConnectAsync(TcpClient tcp, string host)
        {
            var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(host, null, SslProtocols.None, checkCertificateRevocation: true);
            return ssl;
        }

        public void Accept(SslStream ssl, X509Certificate certificate)
        {
            ssl.AuthenticateAsServer(certificate, false, enabledSslProtocols: SslProtocols.None, false);
        }

        public void AcceptModern(SslStream ssl, X509Certificate certificate)
        {
            ssl.AuthenticateAsServer(certificate, false, SslProtocols.None, false);
        }

        public HttpClient CreateClient()
        {
            var handler = new HttpClientHandler
            {
                SslProtocols = SslProtocols.None,
            };
            return new HttpClient(handler);
        }

        public SslProtocols Negotiable(bool legacyPeer) => legacyPeer ? FallbackProtocols : SslProtocols.Tls12;
    }
}
