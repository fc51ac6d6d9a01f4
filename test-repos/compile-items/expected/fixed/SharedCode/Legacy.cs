using System.Net;

namespace SharedCode
{
    public static class Legacy
    {
        public static void Configure()
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
        }
    }
}
