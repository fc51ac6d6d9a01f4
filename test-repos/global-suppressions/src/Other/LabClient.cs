using System.Net;

namespace Contoso.Payments.Lab
{
    public class LabClient
    {
        public void Run() => ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
    }
}
