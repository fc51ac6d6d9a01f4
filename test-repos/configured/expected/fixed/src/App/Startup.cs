using System;
using System.Net;

namespace App
{
    public static class Startup
    {
        public static void Init()
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;
            AppContext.SetSwitch("Switch.System.Net.DontEnableSystemDefaultTlsVersions", false);
        }
    }
}
