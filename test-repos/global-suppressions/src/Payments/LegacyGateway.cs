using System.Net;

namespace Contoso.Payments
{
    public class LegacyGateway
    {
        private static readonly SecurityProtocolType Fallback = SecurityProtocolType.Tls11;

        public LegacyGateway()
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
        }

        public SecurityProtocolType Protocols
        {
            get { return SecurityProtocolType.Tls | SecurityProtocolType.Tls12; }
        }

        public void Connect(string host)
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;
        }

        public void Connect(string host, int port)
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;
        }

        public void Reconnect()
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
        }

        public void Reconnect(int attempts)
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
        }

        public void Disconnect()
        {
        }

        public void Send(byte[] payload)
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
        }

        public void Upload(byte[] payload)
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;
        }
    }
}
