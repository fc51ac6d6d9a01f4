using System.Net;

namespace Shared
{
    public static class HttpSetup
    {
        // A library runs with its host's defaults: what this adds to is not known here.
        public static void AllowOldServers()
        {
        }
    }
}
