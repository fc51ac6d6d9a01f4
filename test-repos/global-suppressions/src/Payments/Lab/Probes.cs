using System.Net;

namespace Contoso.Payments.Lab
{
    public class Probe
    {
        public void Run() => ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
    }
}

namespace Contoso.Payments.Lab.Tools
{
    public class Sniffer
    {
        public void Run() => ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;
    }
}

namespace Contoso.Payments.Lab2
{
    public class Probe
    {
        public void Run() => ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
    }
}
