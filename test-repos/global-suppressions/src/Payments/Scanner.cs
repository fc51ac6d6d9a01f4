using System.Net;

namespace Contoso.Payments
{
    public class Scanner
    {
        public class Firmware
        {
            public void Flash()
            {
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
            }
        }

        public void Calibrate()
        {
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;
        }
    }
}
