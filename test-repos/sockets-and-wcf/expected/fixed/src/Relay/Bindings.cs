using System.Security.Authentication;
using System.ServiceModel;
using System.ServiceModel.Channels;

namespace Relay
{
    internal static class Bindings
    {
        internal static NetTcpBinding CreateTcp()
        {
            var binding = new NetTcpBinding(SecurityMode.Transport);
            binding.Security.Transport.SslProtocols = SslProtocols.None;
            return binding;
        }

        internal static CustomBinding CreateCustom()
        {
            var ssl = new SslStreamSecurityBindingElement { SslProtocols = SslProtocols.None };
            return new CustomBinding(ssl, new TcpTransportBindingElement());
        }
    }
}
