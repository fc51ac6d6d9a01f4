using System.Net;

namespace Mixed
{
    internal static class Program
    {
        private static void Main(string[] args)
        {
            // TLS 1.2 stays on, so this keeps connecting; TLS 1.0/1.1 still fail compliance scans.
            ServicePointManager.SecurityProtocol =
                SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;
        }
    }
}
