using System.Net;

namespace Importer
{
    internal static class Program
    {
        private static void Main()
        {
            // "Let Windows decide" -- but not on 4.6.2.
            new WebClient().DownloadString("https://feeds.example.com/daily.csv");
        }
    }
}
