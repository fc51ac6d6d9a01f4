using System.Net;

namespace Exporter
{
    internal static class Program
    {
        // No opt-in in code: the machine opts in through scripts/opt-in.ps1.
        private static void Main() => new WebClient().DownloadString("https://example.com/");
    }
}
