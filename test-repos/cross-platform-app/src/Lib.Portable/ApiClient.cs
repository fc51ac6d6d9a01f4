using System.Net;

namespace Lib
{
    public static class ApiClient
    {
        // Runs on whatever hosts the library; a legacy version is legacy everywhere.
        public static void Configure()
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;
        }
    }
}
