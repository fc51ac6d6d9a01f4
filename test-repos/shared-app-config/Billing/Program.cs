using System;

namespace Billing
{
    internal static class Program
    {
        private static void Main(string[] args)
        {
            Console.WriteLine(InvoiceClient.Fetch(args[0]));
        }
    }
}
