using System;
using System.Net.Http;

namespace Scanner
{
    internal static class Program
    {
        private static readonly HttpClient Client = new HttpClient();

        private static int Main(string[] args)
        {
            var response = Client.GetAsync("https://inventory.example/api/scan/" + args[0]).Result;
            Console.WriteLine(response.StatusCode);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
    }
}
