using System;
using System.Net;

namespace StrongCryptoOff
{
    internal static class Program
    {
        private static void Main(string[] args)
        {
            // On 4.6.2 TLS 1.2 comes from strong crypto: this takes it away.
            AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", true);
            new WebClient().DownloadString("https://ledger.example.com/status");
        }
    }
}
