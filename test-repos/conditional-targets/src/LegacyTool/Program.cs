using System;
using System.Net;

namespace LegacyTool
{
    internal static class Program
    {
        private static void Main(string[] args)
        {
            using (var client = new WebClient())
            {
                Console.WriteLine(client.DownloadString(args[0]));
            }
        }
    }
}
